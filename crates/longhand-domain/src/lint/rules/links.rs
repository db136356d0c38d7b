//! `broken-link`: `[[slug]]` links and relative links to `.md` files must name a known
//! document, and `#anchor` links must name a heading in this document.

use std::collections::HashSet;

use super::super::body::{Link, LinkKind};
use super::super::rule::RuleId;
use super::super::view::DocView;
use super::Sink;

pub(crate) fn check(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let body = view.doc.body();
    // Built only when the document has in-page links, which most do not.
    let mut anchors: Option<HashSet<&str>> = None;
    for link in body.links() {
        match target_of(link) {
            Target::Slug(slug) => check_slug(view, link, slug, sink),
            Target::Anchor(anchor) => {
                let known = anchors.get_or_insert_with(|| {
                    body.headings().iter().map(|h| h.anchor.as_str()).collect()
                });
                if !known.contains(anchor) {
                    report(
                        link,
                        &format!("points to no heading `#{anchor}` in this document"),
                        "Use the anchor of an existing heading: its text in lower case, with spaces turned into hyphens.",
                        sink,
                    );
                }
            }
            Target::Other => {}
        }
    }
}

enum Target<'l> {
    Slug(&'l str),
    Anchor(&'l str),
    Other,
}

fn target_of(link: &Link) -> Target<'_> {
    let target = link.target.trim();
    if link.kind == LinkKind::Wiki {
        let slug = target.split('#').next().unwrap_or(target).trim();
        return if slug.is_empty() {
            Target::Other
        } else {
            Target::Slug(slug)
        };
    }
    if let Some(anchor) = target.strip_prefix('#') {
        return Target::Anchor(anchor);
    }
    if has_scheme(target) {
        return Target::Other;
    }
    let path = target.split(['#', '?']).next().unwrap_or(target);
    let file = path.rsplit('/').next().unwrap_or(path);
    match file
        .len()
        .checked_sub(3)
        .filter(|&n| file.is_char_boundary(n))
    {
        Some(n) if file[n..].eq_ignore_ascii_case(".md") && n > 0 => Target::Slug(&file[..n]),
        _ => Target::Other,
    }
}

/// `https:`, `mailto:` and friends: a scheme is letters, digits, `+`, `-` or `.` before a colon.
fn has_scheme(target: &str) -> bool {
    target.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

fn check_slug(view: &DocView<'_>, link: &Link, slug: &str, sink: &mut Sink<'_>) {
    let Some(known) = view.ctx.known_slugs else {
        return;
    };
    if known.contains(slug) || known.contains(&slug.to_lowercase()) {
        return;
    }
    report(
        link,
        "points to no known document",
        "Check the spelling of the slug, or create the document it refers to.",
        sink,
    );
}

fn report(link: &Link, problem: &str, hint: &str, sink: &mut Sink<'_>) {
    let shown = match link.kind {
        LinkKind::Wiki => format!("[[{}]]", link.target),
        LinkKind::Markdown => format!("({})", link.target),
    };
    sink.report(
        RuleId::BrokenLink,
        link.position,
        format!("The link `{shown}` {problem}."),
        hint.to_owned(),
    );
}
