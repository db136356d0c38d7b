//! Reading a status: the `## Status` section of adr-tools, a `Status:` line, or MADR's
//! `status:` front matter value.
//!
//! Each line is one of three things: a status word (`Accepted`), a relation to other records
//! (`Superseded by [3. Foo](0003-foo.md)`), or anything else, which is kept as a note so no
//! words are lost. A line can be both a status and a note (`Accepted on 2020-03-01`).

use super::files::slug_for_link;
use super::text::{Line, Link, links};
use super::{SUPERSEDED_BY, SUPERSEDES, Unmapped, to_doc};

/// The five states of a decision record (DESIGN.md §2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusValue {
    Proposed,
    Accepted,
    Rejected,
    Superseded,
    Deprecated,
}

impl StatusValue {
    /// The value as the `adr` template's `status` field spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusValue::Proposed => "proposed",
            StatusValue::Accepted => "accepted",
            StatusValue::Rejected => "rejected",
            StatusValue::Superseded => "superseded",
            StatusValue::Deprecated => "deprecated",
        }
    }

    /// Reads a status word, including the synonyms ADR tools and teams use (`draft`,
    /// `approved`, `obsolete`…). Case and trailing punctuation are ignored.
    pub fn from_word(word: &str) -> Option<StatusValue> {
        let word = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let value = match word.as_str() {
            "proposed" | "proposal" | "draft" | "pending" | "open" | "wip" => StatusValue::Proposed,
            "accepted" | "approved" | "adopted" | "agreed" | "decided" | "implemented" => {
                StatusValue::Accepted
            }
            "rejected" | "declined" | "refused" => StatusValue::Rejected,
            "superseded" | "replaced" => StatusValue::Superseded,
            "deprecated" | "obsolete" | "retired" | "withdrawn" => StatusValue::Deprecated,
            _ => return None,
        };
        Some(value)
    }
}

/// What the status text said.
#[derive(Debug, Default)]
pub(super) struct Reading {
    pub value: Option<StatusValue>,
    /// `(relation key, target slug)`, such as `("superseded_by", "0003-foo")`.
    pub relations: Vec<(String, String)>,
    /// Lines that are more than a status word or a relation, kept verbatim.
    pub note: Vec<String>,
    pub unmapped: Vec<Unmapped>,
}

/// Reads the status lines; blank lines are skipped.
pub(super) fn read(lines: &[Line<'_>]) -> Reading {
    let mut reading = Reading::default();
    for line in lines.iter().filter(|line| !line.is_blank()) {
        read_line(&mut reading, line.number, line.text);
    }
    // A record that names its successor is superseded, whatever it was before; adr-tools
    // adds the link when it supersedes a record but does not always remove "Accepted".
    let replaced = reading.relations.iter().any(|(r, _)| r == SUPERSEDED_BY);
    let open = matches!(
        reading.value,
        None | Some(StatusValue::Proposed | StatusValue::Accepted)
    );
    if replaced && open {
        reading.value = Some(StatusValue::Superseded);
    }
    reading
}

fn read_line(reading: &mut Reading, number: u32, text: &str) {
    let text = strip_bullet(text.trim());
    if read_relation(reading, number, text) {
        return;
    }
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or_default();
    let word = StatusValue::from_word(first);
    let second = words.next();
    let first_value = word.is_some() && reading.value.is_none();
    if first_value {
        reading.value = word;
    }
    // Only the template's own word says nothing more than the value; `Draft` or
    // `Accepted on 2020-03-01` is kept as written.
    let exact = word.is_some_and(|w| first.eq_ignore_ascii_case(w.as_str()));
    if !(first_value && exact && second.is_none()) {
        reading.note.push(text.to_owned());
    }
    // `superseded by ADR-0123` (MADR's own template suggests it) points at a record by name only.
    if second.is_some_and(|w| w.eq_ignore_ascii_case("by")) {
        reading.unmapped.push(Unmapped {
            line: number,
            what: format!("The status `{text}` names another record without a link to its file, so the relation is kept only as a note."),
        });
    }
}

fn strip_bullet(text: &str) -> &str {
    ["* ", "- ", "+ "]
        .into_iter()
        .find_map(|marker| text.strip_prefix(marker))
        .map_or(text, str::trim_start)
}

/// Reads `Relation [text](file.md), [text](file.md)`. Returns false, recording nothing, when
/// the line is not one: no link, no relation words before it, or a link that is not a file.
fn read_relation(reading: &mut Reading, number: u32, text: &str) -> bool {
    let found = links(text);
    let Some(first) = found.first() else {
        return false;
    };
    let Some(relation) = relation_key(&text[..first.start]) else {
        return false;
    };
    let slugs: Option<Vec<String>> = found.iter().map(|l| slug_for_link(l.target)).collect();
    let Some(slugs) = slugs else {
        reading.unmapped.push(Unmapped {
            line: number,
            what: format!("The status line `{text}` links to something other than a record in this folder, so it is kept only as a note."),
        });
        reading.note.push(text.to_owned());
        return true;
    };
    if !only_separators_between(text, &found) {
        reading.note.push(text.to_owned());
    }
    reading
        .relations
        .extend(slugs.into_iter().map(|slug| (relation.clone(), slug)));
    true
}

/// Turns the words before a link (`Amended by`, `Supersedes:`) into a relation key
/// (`amended_by`): one to four words of ASCII letters. Keys the document already uses for
/// something else (`status`, `title`, `date`…) are refused, so a relation can never
/// overwrite a field; such a line is kept as a note instead.
fn relation_key(words: &str) -> Option<String> {
    let words = words.trim().trim_end_matches([':', ',']).trim_end();
    let parts: Vec<&str> = words.split_whitespace().collect();
    let valid = (1..=4).contains(&parts.len())
        && parts
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_alphabetic()));
    if !valid {
        return None;
    }
    let key = parts.join("_").to_ascii_lowercase();
    let taken = to_doc::is_taken_key(&key) && key != SUPERSEDES && key != SUPERSEDED_BY;
    (!taken).then_some(key)
}

/// Whether the text after the first link holds nothing but links and `,`/`and` between them,
/// so the relations say everything the line said.
fn only_separators_between(text: &str, found: &[Link<'_>]) -> bool {
    let mut rest = String::new();
    for pair in found.windows(2) {
        rest.push_str(&text[pair[0].end..pair[1].start]);
        rest.push(' ');
    }
    if let Some(last) = found.last() {
        rest.push_str(&text[last.end..]);
    }
    rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';'))
        .all(|word| word.is_empty() || word.eq_ignore_ascii_case("and"))
}

#[cfg(test)]
mod tests {
    use super::super::text::lines;
    use super::read;

    /// Shows value, relations, note lines and unmapped lines, one per line.
    fn check(text: &str, expect: &str) {
        let reading = read(&lines(text, 10));
        let mut out = vec![format!("value {:?}", reading.value)];
        out.extend(reading.relations.iter().map(|(r, s)| format!("{r} -> {s}")));
        out.extend(reading.note.iter().map(|n| format!("note {n}")));
        out.extend(
            reading
                .unmapped
                .iter()
                .map(|u| format!("{}: {}", u.line, u.what)),
        );
        assert_eq!(out.join("\n"), expect, "reading {text:?}");
    }

    #[test]
    fn statuses() {
        let cases = [
            ("Accepted\n", "value Some(Accepted)"),
            ("  * Draft.\n", "value Some(Proposed)\nnote Draft."),
            ("ACCEPTED", "value Some(Accepted)"),
            (
                "Accepted\n\nSupersedes [1. Record decisions](0001-record-decisions.md)\n",
                "value Some(Accepted)\nsupersedes -> 0001-record-decisions",
            ),
            (
                "Superseded by [3. Use X](0003-use-x.md)",
                "value Some(Superseded)\nsuperseded_by -> 0003-use-x",
            ),
            (
                "superseded by [ADR-0005](0005-foo.md), [ADR-0006](./0006-bar.md#why) and [7](0007-baz.md).",
                "value Some(Superseded)\nsuperseded_by -> 0005-foo\nsuperseded_by -> 0006-bar\nsuperseded_by -> 0007-baz",
            ),
            (
                "Amended by [4. Tweak](0004-tweak.md) after the outage",
                "value None\namended_by -> 0004-tweak\nnote Amended by [4. Tweak](0004-tweak.md) after the outage",
            ),
            (
                "Accepted on 2020-03-01",
                "value Some(Accepted)\nnote Accepted on 2020-03-01",
            ),
            ("Proposed\nAccepted", "value Some(Proposed)\nnote Accepted"),
            ("Parked for now", "value None\nnote Parked for now"),
            (
                "superseded by ADR-0123",
                "value Some(Superseded)\nnote superseded by ADR-0123\n11: The status `superseded by ADR-0123` names another record without a link to its file, so the relation is kept only as a note.",
            ),
            (
                "See [the RFC](https://example.com/rfc)",
                "value None\nnote See [the RFC](https://example.com/rfc)\n11: The status line `See [the RFC](https://example.com/rfc)` links to something other than a record in this folder, so it is kept only as a note.",
            ),
            ("[bare](0001-x.md)", "value None\nnote [bare](0001-x.md)"),
        ];
        for (text, expect) in cases {
            check(text, expect);
        }
    }
}
