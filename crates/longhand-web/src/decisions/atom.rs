//! The decision log as an Atom feed (RFC 4287), written with an XML writer (`quick-xml`), so
//! every title, name and body is escaped by the writer and never glued into markup.
//!
//! One entry per decision record, latest change first. An entry's `id` is the permalink of
//! the decision's page (`{base}/decisions/{slug}`): slugs never change, so a reader sees an
//! edited decision as the same entry, updated (`updated` is the record's last change,
//! `published` when it was written). The feed's `id` is the log page it mirrors. `{base}` is
//! the address the reader used (scheme and `Host`), so links work from wherever the feed was
//! fetched; behind a proxy set `--public-url` to an `https://` address (which also marks the
//! scheme).

use jiff::Timestamp;
use longhand_core::views::decisions::{Decision, DecisionFeed};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::borrow::Cow;
use std::io;

/// The Atom namespace.
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// What the writer needs besides the feed: where links point, and each entry's HTML.
#[derive(Debug)]
pub(crate) struct FeedContext<'a> {
    /// `https://longhand.example`, without a trailing `/`.
    pub base: &'a str,
    /// The feed's own path, without credentials (`/api/v1/decisions/feed.atom`).
    pub self_path: &'a str,
    /// The log page it mirrors (`/decisions?space=platform`).
    pub page_path: &'a str,
    /// When the feed changed, for a feed with no entries.
    pub now: Timestamp,
}

/// The feed as an Atom document. `html` gives each entry's rendered body.
pub(crate) fn write(
    feed: &DecisionFeed,
    ctx: &FeedContext<'_>,
    html: impl Fn(&Decision) -> String,
) -> io::Result<Vec<u8>> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let title = match &feed.space {
        Some((_, name)) => format!("Decisions in {name} · Longhand"),
        None => "Decisions · Longhand".to_owned(),
    };
    let page = format!("{}{}", ctx.base, ctx.page_path);
    writer
        .create_element("feed")
        .with_attribute(("xmlns", ATOM))
        .write_inner_content(|w| {
            text(w, "id", &page)?;
            text(w, "title", &title)?;
            text(w, "updated", &feed.updated.unwrap_or(ctx.now).to_string())?;
            link(
                w,
                "self",
                "application/atom+xml",
                &format!("{}{}", ctx.base, ctx.self_path),
            )?;
            link(w, "alternate", "text/html", &page)?;
            w.create_element("author")
                .write_inner_content(|w| text(w, "name", "Longhand"))?;
            text(w, "generator", "Longhand")?;
            for decision in &feed.entries {
                entry(w, ctx, decision, &html(decision))?;
            }
            Ok(())
        })?;
    Ok(writer.into_inner())
}

fn entry(
    w: &mut Writer<Vec<u8>>,
    ctx: &FeedContext<'_>,
    decision: &Decision,
    html: &str,
) -> io::Result<()> {
    let doc = &decision.doc;
    let permalink = format!("{}/decisions/{}", ctx.base, doc.slug);
    w.create_element("entry").write_inner_content(|w| {
        text(w, "id", &permalink)?;
        text(w, "title", &doc.title)?;
        text(w, "updated", &doc.updated_at.to_string())?;
        text(w, "published", &doc.created_at.to_string())?;
        w.create_element("author")
            .write_inner_content(|w| text(w, "name", &doc.owner_name))?;
        link(w, "alternate", "text/html", &permalink)?;
        w.create_element("category")
            .with_attribute(("term", decision.status.as_str()))
            .with_attribute(("label", format!("Status: {}", decision.status).as_str()))
            .write_empty()?;
        text(w, "summary", &summary(decision))?;
        w.create_element("content")
            .with_attribute(("type", "html"))
            .write_text_content(BytesText::new(&xml_safe(html)))?;
        Ok(())
    })?;
    Ok(())
}

/// One line a feed reader shows under the title: status, date, space, and the intent.
fn summary(decision: &Decision) -> String {
    let doc = &decision.doc;
    let mut parts = vec![decision.status.clone()];
    if let Some(date) = decision.date {
        parts.push(format!("decided {date}"));
    }
    parts.push(doc.space_name.clone());
    let head = parts.join(" · ");
    match doc.intent.trim() {
        "" => head,
        intent => format!("{head} — {intent}"),
    }
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_safe(value)))?;
    Ok(())
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, kind: &str, href: &str) -> io::Result<()> {
    w.create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("type", kind))
        .with_attribute(("href", xml_safe(href).as_ref()))
        .write_empty()?;
    Ok(())
}

/// The text without the characters XML 1.0 cannot hold even escaped (C0 controls other than
/// tab and line breaks, U+FFFE and U+FFFF). Ops already refuse most of them in user text;
/// this keeps the feed well-formed whatever an older or imported record holds.
fn xml_safe(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| allowed(*c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::xml_safe;

    #[test]
    fn characters_xml_cannot_hold_are_left_out() {
        assert_eq!(xml_safe("a\u{1}b\tc\u{FFFF}"), "ab\tc");
        assert_eq!(xml_safe("<&>\"'"), "<&>\"'");
    }
}
