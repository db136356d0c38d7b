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
/// let html = longhand::render::to_html("# Hi\n\n<script>alert(1)</script>\n\n*there*");
/// assert!(html.contains("<em>there</em>"));
/// assert!(!html.contains("<script"));
/// ```
pub fn to_html(markdown: &str) -> String {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, options());
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
    sanitizer().clean(&raw).to_string()
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
    use super::to_html;

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
