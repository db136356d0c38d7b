//! Markdown to safe HTML: CommonMark + GFM (tables, task lists, strikethrough, autolinks,
//! footnotes, heading anchors) with comrak, then sanitised with ammonia.
//!
//! Architecture Invariant: every piece of user-written Markdown reaches a page only through
//! [`to_html`]. comrak runs with raw HTML allowed through to ammonia (rather than its own
//! escaping) so harmless inline HTML such as `<kbd>` still works, and ammonia — an allow-list
//! sanitiser — removes scripts, event handlers, `javascript:` URLs, `<style>`, SVG and
//! anything else not on the list. The page's CSP forbids inline script as a second line.

use comrak::nodes::NodeValue;
use comrak::{Arena, Options, format_html, parse_document};
use longhand_domain::nesting::{self, MAX_NESTING};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The prefix of heading ids, so a heading called "csrf" cannot clobber a page element.
pub const ANCHOR_PREFIX: &str = "sec-";

fn options() -> &'static Options<'static> {
    static OPTIONS: OnceLock<Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut options = Options::default();
        options.extension.strikethrough = true;
        options.extension.table = true;
        options.extension.autolink = true;
        options.extension.tasklist = true;
        options.extension.footnotes = true;
        options.extension.wikilinks_title_after_pipe = true;
        options.extension.header_id_prefix = Some(ANCHOR_PREFIX.to_owned());
        options.extension.header_id_prefix_in_href = true;
        options.render.r#unsafe = true;
        options
    })
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags(["input", "section", "sup", "kbd"])
            .add_tag_attributes("input", ["checked"])
            // Only task-list checkboxes may be inputs, and they are never editable on the page:
            // whatever `<input>` someone writes becomes a disabled checkbox, not a text box.
            .set_tag_attribute_value("input", "type", "checkbox")
            .set_tag_attribute_value("input", "disabled", "")
            .add_tag_attributes(
                "a",
                [
                    "id",
                    "aria-hidden",
                    "data-footnote-ref",
                    "data-footnote-backref",
                ],
            )
            .add_tag_attributes("li", ["id"])
            .add_tag_attributes("h1", ["id"])
            .add_tag_attributes("h2", ["id"])
            .add_tag_attributes("h3", ["id"])
            .add_tag_attributes("h4", ["id"])
            .add_tag_attributes("h5", ["id"])
            .add_tag_attributes("h6", ["id"])
            .add_tag_attributes("section", ["class", "data-footnotes"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("td", ["align"])
            .add_tag_attributes("th", ["align"])
            .add_allowed_classes("a", ["anchor", "footnote-backref"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer nofollow"))
            .url_relative(ammonia::UrlRelative::Custom(Box::new(document_relative)))
            .attribute_filter(|_element, attribute, value| match attribute {
                "id" if !value.starts_with(ANCHOR_PREFIX) && !value.starts_with("fn") => None,
                _ => Some(value.into()),
            });
        builder
    })
}

/// Relative links (`[[slug]]` wiki links and `slug` or `other.md` links) point at documents,
/// so they resolve under `/docs/` wherever the Markdown is shown — on a document, a thread or
/// a notification — instead of relative to that page.
fn document_relative(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    if url.starts_with('#') || url.starts_with('/') || url.starts_with('?') {
        return Some(url.into());
    }
    let target = url.strip_suffix(".md").unwrap_or(url);
    Some(format!("/docs/{target}").into())
}

/// Renders Markdown to HTML that is safe to put in a page as it is.
///
/// # Example
///
/// ```
/// let html = longhand_core::render::to_html("# Hi\n\n<script>alert(1)</script>\n\n*there*");
/// assert!(html.contains("<em>there</em>"));
/// assert!(!html.contains("<script"));
/// ```
pub fn to_html(markdown: &str) -> String {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, options());
    if nesting::too_deep(root).is_some() {
        return as_plain_text(markdown);
    }
    for node in root.descendants() {
        if let NodeValue::WikiLink(ref mut link) = node.data.borrow_mut().value {
            link.url = wiki_href(&link.url);
        }
    }
    let mut raw = String::new();
    // Writing into a String cannot fail; an empty page is the safe answer if it ever did.
    if format_html(root, options(), &mut raw).is_err() {
        return String::new();
    }
    if nests_deeper_than(&raw, MAX_HTML_NESTING) {
        return as_plain_text(markdown);
    }
    sanitizer().clean(&raw).to_string()
}

/// The words of Markdown as plain text: what a reader sees, without the markup that makes
/// it (emphasis markers, heading hashes, list markers, code fences) and without link
/// targets, which a reader never sees either. Search indexes and quotes this, so a snippet
/// reads like prose and `](https` matches nothing.
///
/// comrak's tree is walked with its iterative `traverse`, so any nesting is safe here.
///
/// # Example
///
/// ```
/// let text = longhand_core::render::to_plain_text("# Plan\n\n**Ship** [it](https://x.example)");
/// assert_eq!(text, "Plan\nShip it");
/// ```
pub fn to_plain_text(markdown: &str) -> String {
    use comrak::arena_tree::NodeEdge;
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, options());
    let mut out = String::with_capacity(markdown.len());
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(node) => push_words(&mut out, &node.data.borrow().value),
            NodeEdge::End(node) => end_of(&mut out, &node.data.borrow().value),
        }
    }
    out.trim().to_owned()
}

/// Appends what a node shows by itself; its children come through the walk.
fn push_words(out: &mut String, value: &NodeValue) {
    match value {
        NodeValue::Text(text) => out.push_str(text),
        NodeValue::Code(code) => out.push_str(&code.literal),
        NodeValue::CodeBlock(block) => out.push_str(block.literal.trim_end()),
        NodeValue::Math(math) => out.push_str(&math.literal),
        NodeValue::SoftBreak => out.push(' '),
        NodeValue::LineBreak => out.push('\n'),
        _ => {}
    }
}

/// Separates blocks by a line break and table cells by a space, once.
fn end_of(out: &mut String, value: &NodeValue) {
    let separator = match value {
        NodeValue::TableCell => ' ',
        v if v.block() => '\n',
        _ => return,
    };
    if !out.is_empty() && !out.ends_with(['\n', ' ']) {
        out.push(separator);
    } else if separator == '\n' && out.ends_with(' ') {
        out.pop();
        out.push('\n');
    }
}

/// How deep the HTML handed to ammonia may nest. html5ever's tree builder scans the stack of
/// open elements for many start tags, so its time grows with the square of the depth: 20,000
/// nested `<div>`s (100 KB) took 1.8 s in a release build, and a document is re-rendered on
/// every view. Markdown within the nesting budget makes a few elements per level, and
/// handwritten HTML in Markdown is shallow.
const MAX_HTML_NESTING: usize = 4 * MAX_NESTING;

/// Text nested past the budget, stored before the budget was enforced on writes or written as
/// raw HTML, is shown as it was written, escaped, rather than parsed.
fn as_plain_text(markdown: &str) -> String {
    format!("<pre>{}</pre>", ammonia::clean_text(markdown))
}

/// Whether the start tags in `html` ever nest deeper than `limit`. Void elements and those
/// whose end tag may be left out (`<p>`, `<li>`, table cells) are not counted, so unclosed
/// paragraphs do not look deep; the count is an estimate for refusing, not a parser.
fn nests_deeper_than(html: &str, limit: usize) -> bool {
    let mut depth = 0usize;
    for tag in html.split('<').skip(1) {
        let (closing, rest) = match tag.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = &rest[..name_len];
        if name.is_empty() || never_nests(name) {
            continue;
        }
        let self_closing = rest.split('>').next().is_some_and(|t| t.ends_with('/'));
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            if depth > limit {
                return true;
            }
        }
    }
    false
}

/// Void elements and elements whose end tag is optional.
fn never_nests(name: &str) -> bool {
    const NAMES: [&str; 24] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rt", "rp",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Where a `[[slug]]` or `[[slug#section]]` wiki link points: the document's page, with the
/// slug lower-cased as slugs are stored and the section under its heading id (`sec-…`), the
/// same reading as `longhand_domain::documents::doc_refs`. comrak writes the target as it is;
/// a target that is not a slug is left as written for [`document_relative`] and ammonia.
fn wiki_href(target: &str) -> String {
    let (slug, section) = target.split_once('#').unwrap_or((target, ""));
    let slug = slug.trim().to_ascii_lowercase();
    let slug_like = !slug.is_empty()
        && slug.len() <= longhand_domain::names::Slug::MAX_LEN
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !slug_like {
        return target.to_owned();
    }
    let section = section.trim();
    if section.is_empty() {
        return format!("/docs/{slug}");
    }
    let anchor: String = form_urlencoded::byte_serialize(section.as_bytes()).collect();
    let prefix = if anchor.starts_with(ANCHOR_PREFIX) {
        ""
    } else {
        ANCHOR_PREFIX
    };
    format!("/docs/{slug}#{prefix}{anchor}")
}

#[cfg(test)]
mod tests {
    use super::{to_html, to_plain_text};

    #[test]
    fn plain_text_keeps_words_and_link_text_but_no_markup_or_urls() {
        let cases = [
            (
                "**Quorum** reads [the guide](https://x.example)",
                "Quorum reads the guide",
            ),
            (
                "# Heading\n\n- one\n- two *three*",
                "Heading\none\ntwo three",
            ),
            (
                "```rust\nlet x = 1;\n```\n\nafter `code`",
                "let x = 1;\nafter code",
            ),
            ("| a | b |\n|---|---|\n| 1 | 2 |", "a b\n1 2"),
            (
                "see [[rfc-cache|the cache RFC]] and <kbd>Ctrl</kbd>",
                "see the cache RFC and Ctrl",
            ),
        ];
        for (markdown, want) in cases {
            assert_eq!(to_plain_text(markdown), want, "{markdown:?}");
        }
    }

    #[test]
    fn headings_get_prefixed_anchors() {
        let html = to_html("## Decision criteria\n");
        assert!(html.contains("id=\"sec-decision-criteria\""), "{html}");
    }

    #[test]
    fn gfm_extensions_render() {
        let html = to_html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ https://example.org\n\nNote[^1]\n\n[^1]: A footnote.\n",
        );
        for needle in [
            "<table>",
            "type=\"checkbox\"",
            "<del>old</del>",
            "href=\"https://example.org\"",
            "A footnote.",
        ] {
            assert!(html.contains(needle), "{needle} missing in {html}");
        }
    }

    #[test]
    fn wiki_links_and_relative_links_point_at_documents() {
        let html = to_html("[[start-here]] [x](adr-7.md) [y](#proposal) [z](/spaces/ops)");
        for needle in [
            "href=\"/docs/start-here\"",
            "href=\"/docs/adr-7\"",
            "href=\"#proposal\"",
            "href=\"/spaces/ops\"",
        ] {
            assert!(html.contains(needle), "{needle} missing in {html}");
        }
    }

    #[test]
    fn wiki_links_use_the_stored_slug_and_heading_ids() {
        let html = to_html("See [[Rfc-Cache]], [[rfc-cache#decision-criteria|its criteria]].");
        assert!(html.contains("href=\"/docs/rfc-cache\""), "{html}");
        assert!(
            html.contains("href=\"/docs/rfc-cache#sec-decision-criteria\""),
            "{html}"
        );
        let hostile = to_html("[[javascript:alert(1)]]");
        assert!(!hostile.contains("href=\"javascript"), "{hostile}");
    }

    #[test]
    fn any_input_becomes_a_disabled_checkbox() {
        for case in [
            "<input>",
            "<input type=\"text\" autofocus onfocus=alert(1)>",
            "- [ ] todo",
        ] {
            let html = to_html(case);
            assert!(
                html.contains("type=\"checkbox\"") && html.contains("disabled"),
                "{case:?} rendered {html:?}"
            );
        }
    }

    #[test]
    fn deeply_nested_markdown_and_html_render_on_a_small_stack() {
        // comrak, our wiki-link pass and ammonia all walk without recursion, so even text
        // stored before the nesting budget existed renders; a small stack proves it.
        let render_all = || {
            let quotes = to_html(&format!("{} deep", ">".repeat(100_000)));
            let stars = to_html(&format!("{0}deep{0}", "*".repeat(20_000)));
            let divs = to_html(&"<div>".repeat(20_000));
            (quotes, stars, divs)
        };
        let rendered = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(render_all)
            .expect("spawning a test thread")
            .join()
            .expect("rendering panicked");
        // Each is shown as written, escaped, instead of being parsed by html5ever, whose time
        // grows with the square of the depth.
        for html in [rendered.0, rendered.1, rendered.2] {
            assert!(
                html.starts_with("<pre>") && !html.contains("<div") && !html.contains("<block"),
                "{html:.200}"
            );
        }
    }

    #[test]
    fn nesting_within_the_budget_renders_as_html() {
        let quotes = to_html(&format!("{} deep", ">".repeat(40)));
        assert_eq!(quotes.matches("<blockquote>").count(), 40, "{quotes:.200}");
        let divs = to_html(&format!("{}x{}", "<div>".repeat(100), "</div>".repeat(100)));
        assert_eq!(divs.matches("<div>").count(), 100, "{divs:.200}");
        let paragraphs = to_html(&"<p>unclosed ".repeat(2_000));
        assert!(paragraphs.starts_with("<p>"), "{paragraphs:.200}");
    }

    #[test]
    fn hostile_input_is_neutralised() {
        let cases = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<svg><script>alert(1)</script></svg>",
            "<style>body{display:none}</style>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<input type=\"text\" autofocus onfocus=alert(1)>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
        ];
        for case in cases {
            let html = to_html(case).to_ascii_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onfocus",
                "javascript:",
                "<style",
                "<iframe",
                "<svg",
                "style=",
                "type=\"text\"",
            ] {
                assert!(!html.contains(bad), "{case:?} rendered {html:?}");
            }
        }
    }
}
