//! A digest written out: as JSON for the `digests` row (what was sent, shown again on
//! `/digests/{id}`), and as the plain text and HTML that go to the member's channels.
//!
//! The HTML is built from escaped pieces only ([`escape`]); every link is an in-app path
//! made absolute with the public URL (`base`), one per item.

use super::super::{OpError, OpResult};
use crate::wording::when;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_domain::digests::{Digest, Group, Item, Section, Source};
use serde_json::{Value, json};

/// The items of a digest as stored: sections with their items, instants in microseconds.
pub(crate) fn to_json(digest: &Digest) -> String {
    let sections: Vec<Value> = digest
        .sections
        .iter()
        .map(|s| {
            let items: Vec<Value> = s.items.iter().map(item_json).collect();
            json!({"group": s.group.as_str(), "more": s.more, "items": items})
        })
        .collect();
    Value::Array(sections).to_string()
}

fn item_json(item: &Item) -> Value {
    json!({
        "source": item.source.as_str(),
        "title": item.title,
        "detail": item.detail,
        "link": item.link,
        "deadline": item.deadline.map(|d| d.as_microsecond()),
        "at": item.at.as_microsecond(),
        "overdue": item.overdue,
    })
}

fn corrupt(what: &str) -> OpError {
    OpError::Internal(anyhow::anyhow!("a stored digest is unreadable: {what}"))
}

/// Reads [`to_json`]'s form back (keys and notification ids are not kept there).
pub(crate) fn from_json(text: &str) -> OpResult<Digest> {
    let sections: Vec<Value> = serde_json::from_str(text).map_err(|_| corrupt("not JSON"))?;
    let sections = sections
        .iter()
        .map(|s| {
            let group = s["group"].as_str().and_then(Group::parse);
            let items = s["items"].as_array().ok_or_else(|| corrupt("items"))?;
            Ok(Section {
                group: group.ok_or_else(|| corrupt("group"))?,
                items: items.iter().map(item_from_json).collect::<OpResult<_>>()?,
                more: s["more"].as_u64().unwrap_or(0) as usize,
            })
        })
        .collect::<OpResult<_>>()?;
    Ok(Digest { sections })
}

fn instant(value: &Value) -> OpResult<Option<Timestamp>> {
    value
        .as_i64()
        .map(|m| Timestamp::from_microsecond(m).map_err(|_| corrupt("instant")))
        .transpose()
}

fn item_from_json(v: &Value) -> OpResult<Item> {
    let text = |key: &str| {
        v[key]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| corrupt(key))
    };
    Ok(Item {
        source: v["source"]
            .as_str()
            .and_then(Source::parse)
            .ok_or_else(|| corrupt("source"))?,
        title: text("title")?,
        detail: text("detail")?,
        link: text("link")?,
        deadline: instant(&v["deadline"])?,
        at: instant(&v["at"])?.ok_or_else(|| corrupt("at"))?,
        overdue: v["overdue"].as_bool().unwrap_or(false),
        keys: vec![],
        notification_ids: vec![],
    })
}

/// The mail subject: "Your digest: 2 waiting on you, 1 decision".
pub(crate) fn subject(digest: &Digest) -> String {
    format!("Your digest: {}", digest.headline())
}

/// The plain-text body: each group, each item with its one link, and the digest's page.
pub(crate) fn text(
    digest: &Digest,
    base: &str,
    page: &str,
    zone: &TimeZone,
    at: Timestamp,
) -> String {
    let mut out = format!("Your Longhand digest for {}\n", when(at, zone));
    for section in &digest.sections {
        out.push_str(&format!("\n{}\n", section.group.title()));
        for item in &section.items {
            let late = if item.overdue { " (overdue)" } else { "" };
            out.push_str(&format!(
                "- {}{late}\n  {}\n  {base}{}\n",
                item.title, item.detail, item.link
            ));
        }
        if section.more > 0 {
            out.push_str(&format!(
                "  … and {} more on the digest page\n",
                section.more
            ));
        }
    }
    out.push_str(&format!("\nThe whole digest: {base}{page}\n"));
    out
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The HTML body: the same as [`text`], every piece of text escaped.
pub(crate) fn html(
    digest: &Digest,
    base: &str,
    page: &str,
    zone: &TimeZone,
    at: Timestamp,
) -> String {
    let mut out = format!(
        "<h1 style=\"font-size:18px\">Your Longhand digest for {}</h1>\n",
        escape(&when(at, zone))
    );
    for section in &digest.sections {
        out.push_str(&format!(
            "<h2 style=\"font-size:15px\">{}</h2>\n<ul>\n",
            escape(section.group.title())
        ));
        for item in &section.items {
            let late = if item.overdue {
                " <strong>(overdue)</strong>"
            } else {
                ""
            };
            out.push_str(&format!(
                "<li><a href=\"{}\">{}</a>{late}<br><small>{}</small></li>\n",
                escape(&format!("{base}{}", item.link)),
                escape(&item.title),
                escape(&item.detail)
            ));
        }
        if section.more > 0 {
            out.push_str(&format!(
                "<li>… and {} more on the digest page</li>\n",
                section.more
            ));
        }
        out.push_str("</ul>\n");
    }
    out.push_str(&format!(
        "<p><a href=\"{}\">Open the whole digest in Longhand</a></p>\n",
        escape(&format!("{base}{page}"))
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use longhand_domain::digests::{Candidate, compose};

    fn sample() -> Digest {
        let now: Timestamp = "2026-03-10T08:59:59.734512Z".parse().unwrap();
        let candidate = Candidate {
            source: Source::Ask,
            key: "ask:1:overdue".into(),
            subject: "ask:1".into(),
            title: "Ship <it> & \"tell\"".into(),
            detail: "From Ana · was due Mon 9 Mar 10:00".into(),
            link: "/asks/1".into(),
            deadline: Some("2026-03-09T09:00:00Z".parse().unwrap()),
            at: "2026-03-02T09:00:00.5Z".parse().unwrap(),
            notification_ids: vec![],
        };
        compose(vec![candidate], |_| false, now)
    }

    #[test]
    fn a_stored_digest_reads_back_as_it_was_sent() {
        let digest = sample();
        let back = from_json(&to_json(&digest)).unwrap();
        let item = &back.sections[0].items[0];
        assert_eq!(item.title, digest.sections[0].items[0].title);
        assert_eq!(item.deadline, digest.sections[0].items[0].deadline);
        assert_eq!(item.at.to_string(), "2026-03-02T09:00:00.5Z");
        assert!(item.overdue);
        assert!(from_json("{").is_err());
    }

    #[test]
    fn html_escapes_every_piece_of_text_and_links_each_item_once() {
        let zone = TimeZone::get("Asia/Kolkata").unwrap();
        let at: Timestamp = "2026-03-10T03:00:00Z".parse().unwrap();
        let html = html(&sample(), "https://lh.example", "/digests/7", &zone, at);
        assert!(
            html.contains("Ship &lt;it&gt; &amp; &quot;tell&quot;"),
            "{html}"
        );
        assert!(!html.contains("<it>"));
        assert_eq!(html.matches("https://lh.example/asks/1\"").count(), 1);
        assert!(html.contains("Tue 10 Mar 08:30"));
        let text = text(&sample(), "https://lh.example", "/digests/7", &zone, at);
        assert!(
            text.contains("- Ship <it> & \"tell\" (overdue)\n"),
            "{text}"
        );
        assert!(text.contains("https://lh.example/digests/7"));
    }
}
