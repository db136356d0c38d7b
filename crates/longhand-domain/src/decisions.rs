//! The decision log's rules: how the records named in a decision record's `supersedes` and
//! `superseded_by` fields are found among the records a reader can see, what a record's
//! status reads once someone else superseded it, and how its `source` field is read.
//!
//! People (and importers) write references to other records in several ways, and all of them
//! are kept as written in the record's fields:
//!
//! - a slug, `platform-0002-use-sqlite`, or a wiki link, `[[platform-0002-use-sqlite]]`;
//! - a link to its page, `/docs/…`, `/decisions/…`, on any host;
//! - an ADR file name, `0002-use-sqlite.md` (or a Markdown link to one), which an import
//!   names by the same rule as the file itself ([`crate::adr::slug_for`] in the writer's space);
//! - an ADR number, `ADR-2`, `adr 0002`, `#2`, matched against the `number` an import keeps.
//!
//! [`resolve`] tries them in that order; what names no record stays as written, so the log
//! can show it rather than drop it.
//!
//! # Example
//!
//! ```
//! use longhand_domain::decisions::{Known, resolve, split_refs};
//!
//! let known = [
//!     Known { slug: "platform-0002-use-sqlite", space: "platform", number: Some(2) },
//!     Known { slug: "use-kafka", space: "platform", number: None },
//! ];
//! let written = split_refs("[[use-kafka]], ADR-0002, 0009-gone.md");
//! assert_eq!(written, ["[[use-kafka]]", "ADR-0002", "0009-gone.md"]);
//! let found: Vec<Option<usize>> = written.iter().map(|w| resolve(w, "platform", &known)).collect();
//! assert_eq!(found, [Some(1), Some(0), None]);
//! ```

use crate::adr::slug_for;
use crate::names::Slug;

/// A record a reference may name: its slug, its space's slug, and its ADR number if it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known<'a> {
    pub slug: &'a str,
    pub space: &'a str,
    pub number: Option<u32>,
}

/// The references a supersede field holds, each as written (trimmed): split at `,`, `;` and
/// line breaks that stand outside `[…]` and `(…)`, since a link's text may hold a comma.
pub fn split_refs(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let (mut depth, mut current) = (0_usize, String::new());
    for c in text.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            ',' | ';' | '\n' if depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    items
        .into_iter()
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

/// Which of `known` a reference names, written in a record of the space `from_space`.
pub fn resolve(written: &str, from_space: &str, known: &[Known<'_>]) -> Option<usize> {
    let target = target_of(written);
    let by_slug = |slug: &str| known.iter().position(|k| k.slug == slug);
    if let Some(slug) = page_slug(&target).or_else(|| slug_like(&target))
        && let Some(found) = by_slug(&slug)
    {
        return Some(found);
    }
    if let Some(found) = slug_for(from_space, &file_name(&target)).and_then(|s| by_slug(&s)) {
        return Some(found);
    }
    let number = adr_number(&target)?;
    known
        .iter()
        .position(|k| k.space == from_space && k.number == Some(number))
}

/// What a reference points at: the inside of `[[…]]` (before any `|label`), the target of a
/// Markdown link `[text](target)`, or the text itself.
fn target_of(written: &str) -> String {
    let text = written.trim();
    if let Some(inner) = text.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")) {
        return inner
            .split('|')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
    }
    if let Some(open) = text.find("](")
        && let Some(close) = text[open..].find(')')
    {
        return text[open + 2..open + close].trim().to_owned();
    }
    text.to_owned()
}

/// The slug in a link to a document's or a decision's page (`/docs/slug`, any host).
fn page_slug(target: &str) -> Option<String> {
    let path = match target.split_once("://") {
        Some((_, rest)) => &rest[rest.find('/')?..],
        None => target,
    };
    let path = path.split(['#', '?']).next().unwrap_or_default();
    let rest = path
        .strip_prefix("/docs/")
        .or_else(|| path.strip_prefix("/decisions/"))?;
    slug_like(rest.trim_end_matches('/').trim_end_matches(".md"))
}

/// The text as a slug, when it is written like one.
fn slug_like(text: &str) -> Option<String> {
    let slug = text.trim().to_ascii_lowercase();
    Slug::parse(&slug)
        .ok()
        .filter(|parsed| parsed.as_str() == slug)
        .map(|_| slug)
}

/// The last path segment, without `./` or an `#anchor`: an ADR link's file name. A name
/// without an extension is taken as a Markdown file, as imports name records.
fn file_name(target: &str) -> String {
    let path = target.split(['#', '?']).next().unwrap_or_default();
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path).trim();
    if name.ends_with(".md") || name.ends_with(".markdown") {
        name.to_owned()
    } else {
        format!("{name}.md")
    }
}

/// `ADR-2`, `adr 0002`, `ADR#2`, `#2` or `2`: the number of an ADR.
fn adr_number(target: &str) -> Option<u32> {
    let text = target.trim().to_ascii_lowercase();
    let rest = text.strip_prefix("adr").unwrap_or(&text);
    let digits = rest.trim_start_matches([' ', '-', '_', '#', '.']);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The status a record reads in the log: an accepted record that another record supersedes
/// (whichever side said so) is superseded, even when its own status field was never changed.
/// Every other status stands as stored: a rejected proposal stays rejected, a deprecated
/// decision deprecated.
pub fn effective_status(stored: &str, superseded: bool) -> &str {
    if superseded && stored == "accepted" {
        "superseded"
    } else {
        stored
    }
}

/// Whether a record's review reminder still has a reason to go out: only a decision in force
/// (accepted, and superseded by nothing) is reviewed.
pub fn is_in_force(effective: &str) -> bool {
    effective == "accepted"
}

/// Where a decision was made, as its `source` field names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceRef {
    /// Another document (the proposal): `[[slug]]`, a slug, or a link to its page.
    Document(String),
    /// A thread of this workspace: `/threads/12`.
    Thread(i64),
    /// A planned meeting of this workspace: `/meetings/planned/7`.
    Meeting(i64),
    /// A web address elsewhere (an incident, a ticket), with the label a Markdown link gave it.
    Link { url: String, label: Option<String> },
    /// Words that name nothing Longhand can link to.
    Text(String),
}

/// Reads a `source` field. Paths and links on any host are read as this workspace's pages
/// only for `/docs/`, `/decisions/`, `/threads/` and `/meetings/planned/`; any other
/// `http(s)` address is a link elsewhere.
pub fn source_ref(written: &str) -> SourceRef {
    let text = written.trim();
    let target = target_of(text);
    if let Some(slug) = page_slug(&target) {
        return SourceRef::Document(slug);
    }
    if let Some(found) = numbered_page(&target) {
        return found;
    }
    let web = target.starts_with("https://") || target.starts_with("http://");
    if web {
        let label = (target != text)
            .then(|| link_label(text))
            .flatten()
            .filter(|label| !label.is_empty());
        return SourceRef::Link { url: target, label };
    }
    if text.starts_with("[[") {
        return match slug_like(&target) {
            Some(slug) => SourceRef::Document(slug),
            None => SourceRef::Text(text.to_owned()),
        };
    }
    SourceRef::Text(text.to_owned())
}

/// `/threads/12` or `/meetings/planned/7`, on any host.
fn numbered_page(target: &str) -> Option<SourceRef> {
    let path = match target.split_once("://") {
        Some((_, rest)) => &rest[rest.find('/')?..],
        None => target,
    };
    let path = path.split(['#', '?']).next().unwrap_or_default();
    let path = path.trim_end_matches('/');
    if let Some(id) = path.strip_prefix("/threads/") {
        return id.parse().ok().map(SourceRef::Thread);
    }
    let id = path.strip_prefix("/meetings/planned/")?;
    id.parse().ok().map(SourceRef::Meeting)
}

/// The text of a Markdown link `[text](url)`.
fn link_label(text: &str) -> Option<String> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find("](")?;
    Some(inner[..close].trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: [Known<'static>; 4] = [
        Known {
            slug: "platform-0002-use-sqlite",
            space: "platform",
            number: Some(2),
        },
        Known {
            slug: "use-kafka",
            space: "platform",
            number: None,
        },
        Known {
            slug: "web-0002-use-react",
            space: "web",
            number: Some(2),
        },
        Known {
            slug: "platform-20240520-rebase-and-merge",
            space: "platform",
            number: None,
        },
    ];

    fn check(written: &str, from_space: &str, expect: Option<&str>) {
        let found = resolve(written, from_space, &KNOWN).map(|i| KNOWN[i].slug);
        assert_eq!(found, expect, "{written:?} from {from_space}");
    }

    #[test]
    fn references_resolve_however_they_are_written() {
        check("use-kafka", "platform", Some("use-kafka"));
        check("Use-Kafka", "web", Some("use-kafka"));
        check("[[use-kafka]]", "web", Some("use-kafka"));
        check("[[use-kafka|the Kafka decision]]", "web", Some("use-kafka"));
        check("/docs/use-kafka", "web", Some("use-kafka"));
        check(
            "https://longhand.example/decisions/use-kafka#why",
            "web",
            Some("use-kafka"),
        );
        check(
            "0002-use-sqlite.md",
            "platform",
            Some("platform-0002-use-sqlite"),
        );
        check(
            "./0002-use-sqlite.md#status",
            "platform",
            Some("platform-0002-use-sqlite"),
        );
        check(
            "0002-use-sqlite",
            "platform",
            Some("platform-0002-use-sqlite"),
        );
        check(
            "[ADR-2: Use SQLite](0002-use-sqlite.md)",
            "platform",
            Some("platform-0002-use-sqlite"),
        );
        check(
            "20240520-rebase-and-merge.md",
            "platform",
            Some("platform-20240520-rebase-and-merge"),
        );
        check("ADR-0002", "platform", Some("platform-0002-use-sqlite"));
        check("adr 2", "web", Some("web-0002-use-react"));
        check("#2", "web", Some("web-0002-use-react"));
        check("2", "platform", Some("platform-0002-use-sqlite"));
    }

    #[test]
    fn references_that_name_nothing_stay_unresolved() {
        check("0002-use-sqlite.md", "web", None);
        check("ADR-0003", "platform", None);
        check("ADR-2", "ops", None);
        check("https://example.test/adr/0002", "platform", None);
        check("the old caching decision", "platform", None);
        check("", "platform", None);
    }

    #[test]
    fn fields_split_outside_links() {
        let cases: [(&str, &[&str]); 4] = [
            ("a, b; c\nd", &["a", "b", "c", "d"]),
            (
                "[ADR-2, the old one](0002-x.md), b",
                &["[ADR-2, the old one](0002-x.md)", "b"],
            ),
            (" , ", &[]),
            ("[[a]]", &["[[a]]"]),
        ];
        for (text, expect) in cases {
            assert_eq!(split_refs(text), expect, "{text:?}");
        }
    }

    #[test]
    fn an_accepted_record_someone_superseded_reads_superseded() {
        let cases = [
            ("accepted", true, "superseded"),
            ("accepted", false, "accepted"),
            ("proposed", true, "proposed"),
            ("deprecated", true, "deprecated"),
            ("superseded", false, "superseded"),
        ];
        for (stored, superseded, expect) in cases {
            assert_eq!(effective_status(stored, superseded), expect);
        }
        assert!(is_in_force("accepted"));
        assert!(!is_in_force("superseded"));
    }

    #[test]
    fn sources_are_read_as_what_they_link_to() {
        let cases = [
            ("[[cache-rfc]]", SourceRef::Document("cache-rfc".into())),
            ("/docs/cache-rfc", SourceRef::Document("cache-rfc".into())),
            ("https://lh.example/threads/12", SourceRef::Thread(12)),
            ("/meetings/planned/7#outcome", SourceRef::Meeting(7)),
            (
                "[INC-42](https://status.example/inc/42)",
                SourceRef::Link {
                    url: "https://status.example/inc/42".into(),
                    label: Some("INC-42".into()),
                },
            ),
            (
                "https://status.example/inc/42",
                SourceRef::Link {
                    url: "https://status.example/inc/42".into(),
                    label: None,
                },
            ),
            (
                "the architecture sync",
                SourceRef::Text("the architecture sync".into()),
            ),
            ("[[not a slug]]", SourceRef::Text("[[not a slug]]".into())),
            ("/threads/abc", SourceRef::Text("/threads/abc".into())),
        ];
        for (written, expect) in cases {
            assert_eq!(source_ref(written), expect, "{written:?}");
        }
    }
}
