//! Metadata: MADR's front matter, the `* Status: accepted` bullets of MADR 2 and log4brains,
//! and adr-tools' `Date:` line, all read into the same fields.

use jiff::civil::Date;

use super::files::slug_for_link;
use super::reader::Draft;
use super::status;
use super::text::{Line, links};
use super::{AdrLink, SUPERSEDED_BY, SUPERSEDES, Unmapped, to_doc};
use crate::docfile::FieldValue;
use crate::lint::{Entry, ValueKind};

/// The metadata the reader maps onto fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    Status,
    Date,
    Deciders,
    Consulted,
    Informed,
    Tags,
    Owner,
    Supersedes,
    SupersededBy,
    TechnicalStory,
    /// Where the decision was made (a proposal, thread, meeting or incident): the `adr`
    /// template's `source` field.
    Source,
    Title,
}

/// The key for a normalised name (`decision_makers`), as MADR versions and log4brains spell them.
fn key_of(name: &str) -> Option<Key> {
    let key = match name {
        "status" => Key::Status,
        "date" | "decision_date" => Key::Date,
        "deciders" | "decision_makers" | "decided_by" => Key::Deciders,
        "consulted" => Key::Consulted,
        "informed" => Key::Informed,
        "tags" => Key::Tags,
        "owner" => Key::Owner,
        "supersedes" => Key::Supersedes,
        "superseded_by" => Key::SupersededBy,
        "technical_story" => Key::TechnicalStory,
        "source" | "decision_source" | "decided_in" => Key::Source,
        "title" => Key::Title,
        _ => return None,
    };
    Some(key)
}

pub(super) fn is_known(name: &str) -> bool {
    key_of(name).is_some()
}

/// `Decision-Makers`, `Technical Story` → `decision_makers`, `technical_story`: ASCII
/// letters, spaces, `-` and `_`, at most four words.
fn normalize_key(label: &str) -> Option<String> {
    let label = label.trim();
    let valid = label.starts_with(|c: char| c.is_ascii_alphabetic())
        && label.len() <= 32
        && label.split_whitespace().count() <= 4
        && label
            .chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '-' | '_'));
    let words: Vec<String> = label
        .split([' ', '-', '_'])
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    valid.then(|| words.join("_"))
}

/// A `Key: value` line, possibly a bullet (`* Status: accepted`, `- **Date**: 2020-01-01`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LineEntry<'s> {
    /// The normalised key (`technical_story`).
    pub key: String,
    /// The value with HTML comments removed, trimmed.
    pub value: String,
    pub bullet: bool,
    /// `<!-- … -->` comments removed from the value, as written.
    pub comments: Vec<&'s str>,
}

pub(super) fn line_entry(text: &str) -> Option<LineEntry<'_>> {
    let trimmed = text.trim_start();
    let unbulleted = ["* ", "- ", "+ "]
        .into_iter()
        .find_map(|marker| trimmed.strip_prefix(marker));
    let rest = unbulleted.unwrap_or(trimmed).trim_start();
    let (label, value) = rest.split_once(':')?;
    let key = normalize_key(label.trim().trim_matches(['*', '_']))?;
    let value = value.trim_start().trim_start_matches(['*', '_']);
    let (value, comments) = strip_comments(value);
    Some(LineEntry {
        key,
        value: value.trim().to_owned(),
        bullet: unbulleted.is_some(),
        comments,
    })
}

/// Removes every complete `<!-- … -->` from a value (MADR and log4brains templates mark
/// optional lines with them); an unclosed one is left in place.
fn strip_comments(value: &str) -> (String, Vec<&str>) {
    let mut kept = String::with_capacity(value.len());
    let mut comments = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find("<!--") {
        let Some(length) = rest[start..].find("-->") else {
            break;
        };
        let end = start + length + 3;
        kept.push_str(&rest[..start]);
        comments.push(&rest[start..end]);
        rest = &rest[end..];
    }
    kept.push_str(rest);
    (kept, comments)
}

/// A metadata value: one line of text, or a front matter list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum MetaValue {
    Text(String),
    List(Vec<String>),
}

impl MetaValue {
    /// List items; a text value is split on `,` and `;` outside parentheses and brackets,
    /// inside optional `[…]`.
    fn items(&self) -> Vec<String> {
        let raw: Vec<&str> = match self {
            MetaValue::List(items) => items.iter().map(String::as_str).collect(),
            MetaValue::Text(text) => {
                let text = text.trim();
                let inner = text
                    .strip_prefix('[')
                    .and_then(|t| t.strip_suffix(']'))
                    .unwrap_or(text);
                split_top_level(inner)
            }
        };
        raw.into_iter()
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn text(&self) -> String {
        match self {
            MetaValue::Text(text) => text.trim().to_owned(),
            MetaValue::List(items) => items.join(", "),
        }
    }

    fn is_blank(&self) -> bool {
        self.items().is_empty()
    }

    fn into_field(self) -> FieldValue {
        match self {
            MetaValue::Text(text) => FieldValue::Text(text),
            MetaValue::List(items) => FieldValue::List(items),
        }
    }
}

/// Splits at the `,` and `;` that stand outside `(…)` and `[…]`: a list of people reads
/// `Fredrik (potentially others, but I can't remember), Ana`, and the aside is one person's.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0_usize, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ',' | ';' if depth == 0 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

/// Whether a metadata value was taken, left because the same key was already set, or left
/// because it is a template's placeholder (reported as such).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Applied {
    Mapped,
    Duplicate,
    Placeholder,
}

/// Reads a `Key: value` line's value into the draft.
pub(super) fn apply_line(draft: &mut Draft, entry: &LineEntry<'_>, line: u32) -> Option<Applied> {
    let key = key_of(&entry.key)?;
    Some(apply(
        draft,
        key,
        &MetaValue::Text(entry.value.clone()),
        line,
    ))
}

/// Sets one field. A blank value sets nothing and leaves the key free, so a template's empty
/// `* Status:` line does not hide a `## Status` section further down.
pub(super) fn apply(draft: &mut Draft, key: Key, value: &MetaValue, line: u32) -> Applied {
    if draft.seen.contains(&key) {
        return Applied::Duplicate;
    }
    if value.is_blank() {
        return Applied::Mapped;
    }
    // Only a status or a date would invent a fact from one; elsewhere `[Ana, Bo]` is a list.
    if matches!(key, Key::Status | Key::Date) && is_placeholder(&value.text()) {
        placeholder(draft, &value.text(), line);
        return Applied::Placeholder;
    }
    draft.seen.push(key);
    let record = &mut draft.record;
    match key {
        Key::Status => set_status(draft, &[one_line(line, &value.text())]),
        Key::Date => set_date(draft, value, line),
        Key::Deciders => record.deciders = value.items(),
        Key::Consulted => record.consulted = value.items(),
        Key::Informed => record.informed = value.items(),
        Key::Tags => record.tags = value.items(),
        Key::Owner => record.owner = Some(value.text().trim_start_matches('@').to_owned()),
        Key::Supersedes => set_relations(draft, SUPERSEDES, value, line),
        Key::SupersededBy => set_relations(draft, SUPERSEDED_BY, value, line),
        Key::TechnicalStory => record
            .extra
            .push(("technical_story".to_owned(), FieldValue::Text(value.text()))),
        Key::Source => record
            .extra
            .push(("source".to_owned(), FieldValue::Text(value.text()))),
        Key::Title => draft.front_title = Some((line, value.text())),
    }
    Applied::Mapped
}

/// A template's placeholder rather than a value: the whole text in one pair of brackets that
/// holds no link (`[Draft/Final/Postponed/Cancelled]`, `[Month Day, Year]`) or of braces
/// (MADR's `{proposed | accepted}`). Reading one as a status or a date would invent a fact.
pub(super) fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    let bracketed = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .is_some_and(|inner| !inner.contains(['[', ']']));
    let braced = text.starts_with('{') && text.ends_with('}');
    bracketed || braced
}

fn placeholder(draft: &mut Draft, text: &str, line: u32) {
    draft.record.unmapped.push(Unmapped {
        line,
        what: format!("`{text}` is a template placeholder, not a value; nothing was read from it."),
    });
}

fn one_line(number: u32, text: &str) -> Line<'_> {
    Line {
        number,
        text,
        raw: text,
    }
}

/// Reads status lines (a section, a `Status:` line or a front matter value) into the draft.
pub(super) fn set_status(draft: &mut Draft, lines: &[Line<'_>]) {
    let (placeholders, lines): (Vec<Line<'_>>, Vec<Line<'_>>) =
        lines.iter().partition(|l| is_placeholder(l.text));
    for line in &placeholders {
        // A status section leaves the text, so the placeholder's words are kept in the note.
        placeholder(draft, line.text.trim(), line.number);
        add_note(draft, line.text.trim());
    }
    let reading = status::read(&lines);
    let raw: Vec<&str> = lines
        .iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let first_line = lines.first().map_or(1, |l| l.number);
    draft.record.status.raw = raw.join("\n");
    for note in &reading.note {
        add_note(draft, note);
    }
    draft.record.unmapped.extend(reading.unmapped);
    for (relation, target) in reading.relations {
        add_relation(draft, relation, target);
    }
    match reading.value {
        Some(value) => draft.record.status.value = value,
        None if !raw.is_empty() => draft.record.unmapped.push(Unmapped {
            line: first_line,
            what: format!("The status `{}` is not one of proposed, accepted, rejected, superseded or deprecated; the record is imported as proposed and the text is kept in `status_note`.", raw.join(" ")),
        }),
        None => {}
    }
    draft.status_found = !raw.is_empty();
}

/// Adds a relation once: MADR 2 repeats the successor in the title and the status line.
pub(super) fn add_relation(draft: &mut Draft, relation: String, target: String) {
    let record = &mut draft.record;
    let add = |list: &mut Vec<String>, target: String| {
        if !list.contains(&target) {
            list.push(target);
        }
    };
    match relation.as_str() {
        SUPERSEDES => add(&mut record.supersedes, target),
        SUPERSEDED_BY => add(&mut record.superseded_by, target),
        _ => record.links.push(AdrLink { relation, target }),
    }
}

fn set_date(draft: &mut Draft, value: &MetaValue, line: u32) {
    let text = value.text();
    if let Some(date) = text.parse::<Date>().ok().or_else(|| month_name_date(&text)) {
        draft.record.date = Some(date);
        return;
    }
    draft.record.unmapped.push(Unmapped {
        line,
        what: format!("The date `{text}` is not a calendar date written YYYY-MM-DD; it is kept as text in the `date` field."),
    });
    draft
        .record
        .extra
        .push(("date".to_owned(), FieldValue::Text(text)));
}

/// `July 1, 2021` or `Dec 1 2021`, as free-form records write dates.
fn month_name_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty())
        .collect();
    let [month, day, year] = parts.as_slice() else {
        return None;
    };
    let month = month_number(month)?;
    Date::new(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// `July`, `jul` → 7.
fn month_number(name: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let name = name.trim_end_matches('.').to_lowercase();
    let found = MONTHS
        .iter()
        .position(|m| *m == name || (name.len() == 3 && m.starts_with(&name)))?;
    i8::try_from(found + 1).ok()
}

/// `supersedes: [0001-foo.md]` or `* Superseded by: [ADR-5](0005-bar.md)`: each item is a link
/// or a file name. An item naming no file is kept in the status note, as the status reader
/// keeps `superseded by ADR-0123`.
fn set_relations(draft: &mut Draft, relation: &str, value: &MetaValue, line: u32) {
    for item in value.items() {
        let target = links(&item)
            .first()
            .map_or(item.as_str(), |link| link.target);
        match slug_for_link(target) {
            Some(slug) => add_relation(draft, relation.to_owned(), slug),
            None => unlinked_relation(draft, relation, &item, line),
        }
    }
}

/// Adds a line to the status note; a note may come from the status and from supersede
/// metadata, in either order.
pub(super) fn add_note(draft: &mut Draft, line: &str) {
    let note = &mut draft.record.status.note;
    if !note.is_empty() {
        note.push('\n');
    }
    note.push_str(line);
}

fn unlinked_relation(draft: &mut Draft, relation: &str, item: &str, line: u32) {
    add_note(draft, &format!("{relation}: {item}"));
    draft.record.unmapped.push(Unmapped {
        line,
        what: format!("`{item}` in `{relation}` names no file in this folder, so the relation is kept only in `status_note`."),
    });
}

/// Reads MADR front matter. Keys Longhand knows become fields; any other key is kept under its
/// own name, unless the document already uses that name or the value is nested.
pub(super) fn front_matter(draft: &mut Draft, entries: &[Entry]) {
    for entry in entries {
        let line = entry.key_position.line;
        let Some(value) = meta_value(entry) else {
            draft.record.unmapped.push(Unmapped {
                line,
                what: format!("The front matter field `{}` holds a mapping or nested list, which no document field can hold; it was not imported.", entry.key),
            });
            continue;
        };
        let key = normalize_key(&entry.key).and_then(|name| key_of(&name));
        let applied = key.map(|key| apply(draft, key, &value, line));
        if !matches!(applied, Some(Applied::Mapped | Applied::Placeholder)) {
            keep_as_extra(draft, &entry.key, value, line);
        }
    }
}

fn meta_value(entry: &Entry) -> Option<MetaValue> {
    let scalar = |kind: &ValueKind| match kind {
        ValueKind::Scalar(text) => Some(text.clone()),
        ValueKind::Null => Some(String::new()),
        _ => None,
    };
    match &entry.value.kind {
        ValueKind::List(items) => items
            .iter()
            .map(|item| scalar(&item.kind))
            .collect::<Option<Vec<_>>>()
            .map(MetaValue::List),
        kind => scalar(kind).map(MetaValue::Text),
    }
}

fn keep_as_extra(draft: &mut Draft, key: &str, value: MetaValue, line: u32) {
    let taken = to_doc::is_taken_key(key)
        || draft
            .record
            .extra
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case(key));
    if taken {
        draft.record.unmapped.push(Unmapped {
            line,
            what: format!("The front matter field `{key}: {}` was not imported: the document uses that name for its own field.", value.text()),
        });
        return;
    }
    draft
        .record
        .extra
        .push((key.to_owned(), value.into_field()));
}

#[cfg(test)]
mod tests {
    use super::line_entry;

    #[test]
    fn metadata_lines() {
        let cases = [
            ("* Status: accepted", Some(("status", "accepted", true, 0))),
            (
                "- **Date**: 2020-01-05",
                Some(("date", "2020-01-05", true, 0)),
            ),
            (
                "**Deciders:** ana, bo",
                Some(("deciders", "ana, bo", false, 0)),
            ),
            (
                "* Decision-Makers: ana <!-- optional --> <!-- x -->",
                Some(("decision_makers", "ana", true, 2)),
            ),
            (
                "Technical Story: [#12](https://x.test/12)",
                Some(("technical_story", "[#12](https://x.test/12)", false, 0)),
            ),
            ("Date: 2024-03-01", Some(("date", "2024-03-01", false, 0))),
            ("We decided: no", Some(("we_decided", "no", false, 0))),
            ("* 2020: a year", None),
            ("* no colon here", None),
            ("a key that is far too long: x", None),
        ];
        for (text, expect) in cases {
            let found = line_entry(text);
            let shown = found
                .as_ref()
                .map(|e| (e.key.as_str(), e.value.as_str(), e.bullet, e.comments.len()));
            assert_eq!(shown, expect, "{text}");
        }
    }
}
