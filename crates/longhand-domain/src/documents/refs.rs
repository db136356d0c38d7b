//! What a Markdown text refers to: people (`@handle`) and other documents (`[[slug]]`, or a
//! link to a document's page such as `https://longhand.example/docs/slug`).
//!
//! Mentions are found by a single scan that skips code (fenced blocks and inline spans), so
//! `@decorator` in a code sample notifies nobody, and an e-mail address is not a mention.

use crate::lint::{LinkKind, ParsedDoc, Position};

/// An `@handle` in a text, lower-cased, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub handle: String,
    pub position: Position,
}

/// A reference to another document, by slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRef {
    pub slug: String,
    pub position: Position,
}

/// Every `@handle` outside code, in order, each handle once (the first place it appears).
pub fn mentions(text: &str) -> Vec<Mention> {
    let mut found: Vec<Mention> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for (index, line) in text.lines().enumerate() {
        if let Some(marker) = fence_marker(line) {
            fence = match fence {
                None => Some(marker),
                Some(open) if open.0 == marker.0 && marker.1 >= open.1 => None,
                Some(open) => Some(open),
            };
            continue;
        }
        if fence.is_some() || line.starts_with("    ") || line.starts_with('\t') {
            continue;
        }
        scan_line(line, index as u32 + 1, &mut found);
    }
    found
}

/// A line that opens or closes a fenced code block: the fence character and its length.
fn fence_marker(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let first = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = trimmed.chars().take_while(|c| *c == first).count();
    (run >= 3).then_some((first, run))
}

fn is_handle_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn scan_line(line: &str, line_no: u32, found: &mut Vec<Mention>) {
    let chars: Vec<char> = line.chars().collect();
    let mut in_code: usize = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            let run = chars[i..].iter().take_while(|c| **c == '`').count();
            in_code = if in_code == 0 {
                run
            } else if in_code == run {
                0
            } else {
                in_code
            };
            i += run;
            continue;
        }
        if c == '@' && in_code == 0 && starts_mention(&chars, i) {
            let handle: String = chars[i + 1..]
                .iter()
                .take_while(|c| is_handle_char(**c))
                .collect();
            let handle = handle.trim_end_matches(['-', '_']).to_ascii_lowercase();
            let valid = (2..=32).contains(&handle.len())
                && handle
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            if valid && !found.iter().any(|m| m.handle == handle) {
                let position = Position::new(line_no, i as u32 + 1);
                found.push(Mention { handle, position });
            }
            i += 1;
            continue;
        }
        i += 1;
    }
}

/// An `@` starts a mention at the start of a line or after space or opening punctuation, so
/// `ana@example.org` and `x@y` are not mentions.
fn starts_mention(chars: &[char], at: usize) -> bool {
    let before_ok = at == 0 || {
        let before = chars[at - 1];
        before.is_whitespace()
            || matches!(
                before,
                '(' | '[' | '{' | '"' | '\'' | '*' | '_' | '>' | ',' | ';'
            )
    };
    let after_ok = chars.get(at + 1).is_some_and(|c| c.is_ascii_alphanumeric());
    before_ok && after_ok
}

/// The documents a Markdown body links to: `[[slug]]` wiki links, and links whose path is a
/// document page (`/docs/slug`, on any host, with any `#anchor`). Each slug once, in order.
pub fn doc_refs(markdown: &str) -> Vec<DocRef> {
    let doc = ParsedDoc::parse(markdown);
    let mut refs: Vec<DocRef> = Vec::new();
    for link in doc.body().links() {
        let slug = match link.kind {
            LinkKind::Wiki => wiki_slug(&link.target),
            LinkKind::Markdown => page_slug(&link.target),
        };
        if let Some(slug) = slug
            && !refs.iter().any(|r| r.slug == slug)
        {
            refs.push(DocRef {
                slug,
                position: link.position,
            });
        }
    }
    refs
}

fn wiki_slug(target: &str) -> Option<String> {
    let target = target.split(['#', '|']).next().unwrap_or_default().trim();
    slug_like(target)
}

fn page_slug(target: &str) -> Option<String> {
    let path = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|at| &rest[at..])?,
        None => target,
    };
    let path = path.split(['#', '?']).next().unwrap_or_default();
    let rest = path.strip_prefix("/docs/")?;
    slug_like(rest.trim_end_matches('/'))
}

fn slug_like(text: &str) -> Option<String> {
    let slug = text.to_ascii_lowercase();
    let valid = !slug.is_empty()
        && slug.len() <= crate::names::Slug::MAX_LEN
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then_some(slug)
}
