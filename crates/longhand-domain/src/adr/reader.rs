//! One pass over one ADR file: front matter, title, the metadata under it, the status
//! section, the sections the decision log shows, and the body that is left.

use super::files::{file_number, numbered_title, title_from_file_name};
use super::meta::{self, Applied, Key};
use super::status;
use super::text::{self, Heading, Line};
use super::{AdrFormat, AdrRecord, AdrStatus, StatusValue, Unmapped};
use crate::lint::frontmatter;
use crate::templates::normalize_heading;

/// The record being read, and what the reader has seen so far.
#[derive(Debug)]
pub(super) struct Draft {
    pub record: AdrRecord,
    /// Metadata keys already set; a second value for one stays in the body.
    pub seen: Vec<Key>,
    /// A front matter `title:` and its line, compared with the `# Title` heading.
    pub front_title: Option<(u32, String)>,
    pub status_found: bool,
}

impl Draft {
    fn new(format: AdrFormat) -> Draft {
        Draft {
            record: AdrRecord {
                format,
                number: None,
                title: String::new(),
                status: AdrStatus {
                    value: StatusValue::Proposed,
                    raw: String::new(),
                    note: String::new(),
                },
                date: None,
                deciders: Vec::new(),
                consulted: Vec::new(),
                informed: Vec::new(),
                owner: None,
                tags: Vec::new(),
                supersedes: Vec::new(),
                superseded_by: Vec::new(),
                links: Vec::new(),
                extra: Vec::new(),
                context: String::new(),
                drivers: String::new(),
                options: String::new(),
                decision: String::new(),
                rationale: String::new(),
                consequences: String::new(),
                body: String::new(),
                unmapped: Vec::new(),
            },
            seen: Vec::new(),
            front_title: None,
            status_found: false,
        }
    }

    fn unmapped(&mut self, line: u32, what: String) {
        self.record.unmapped.push(Unmapped { line, what });
    }
}

/// The file's lines, its headings, and which lines stay in the body.
struct Page<'s> {
    lines: Vec<Line<'s>>,
    headings: Vec<Heading>,
    keep: Vec<bool>,
}

impl Page<'_> {
    /// Where the section under heading `h` ends: at the next heading of the same or a higher
    /// level, or, with `any_level`, at the next heading of all.
    fn section_end(&self, h: usize, any_level: bool) -> usize {
        let level = self.headings[h].level;
        self.headings[h + 1..]
            .iter()
            .find(|next| any_level || next.level <= level)
            .map_or(self.lines.len(), |next| next.index)
    }

    fn drop_lines(&mut self, range: std::ops::Range<usize>) {
        for keep in &mut self.keep[range] {
            *keep = false;
        }
    }

    /// The text of lines `range`, without leading and trailing blank lines, joined with `\n`.
    fn text(&self, range: std::ops::Range<usize>) -> String {
        let lines = &self.lines[range];
        let start = lines
            .iter()
            .position(|l| !l.is_blank())
            .unwrap_or(lines.len());
        let end = lines
            .iter()
            .rposition(|l| !l.is_blank())
            .map_or(start, |i| i + 1);
        let texts: Vec<&str> = lines[start..end].iter().map(|l| l.text).collect();
        texts.join("\n")
    }
}

pub(super) fn read(file_name: &str, text: &str, format: AdrFormat) -> AdrRecord {
    let source = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut draft = Draft::new(format);
    let (body, offset) = front_matter(&mut draft, source);
    let lines = text::lines(body, offset);
    let mut page = Page {
        headings: text::headings(&lines),
        keep: vec![true; lines.len()],
        lines,
    };
    let title = title(&mut draft, &mut page, file_name);
    preamble(&mut draft, &mut page, title);
    status_section(&mut draft, &mut page, title);
    views(&mut draft, &page, title);
    draft.record.body = assemble(&page);
    finish(draft)
}

/// Reads the front matter and returns the body and its line offset. Front matter that is
/// not valid YAML is left in the body, so none of its text is lost.
fn front_matter<'s>(draft: &mut Draft, source: &'s str) -> (&'s str, u32) {
    let split = frontmatter::split(source);
    let failed = !split.problems.is_empty() && split.front_matter.entries().is_empty();
    for problem in &split.problems {
        let what = if failed {
            format!("{} It was left in the text.", problem.message)
        } else {
            problem.message.clone()
        };
        draft.unmapped(problem.position.line, what);
    }
    if failed {
        return (source, 0);
    }
    meta::front_matter(draft, split.front_matter.entries());
    (split.body, split.body_line_offset)
}

/// Takes the first heading as the title when it is a level-1 heading (a `# Appendix` after
/// the sections is not a title), reads an adr-tools number out of it, and returns its index
/// in `page.headings`.
fn title(draft: &mut Draft, page: &mut Page<'_>, file_name: &str) -> Option<usize> {
    let log4brains = draft.record.format == AdrFormat::Log4brains;
    let file_number = file_number(file_name).filter(|_| !log4brains);
    let Some(heading) = page.headings.first().filter(|h| h.level == 1) else {
        untitled(draft, file_name);
        draft.record.number = file_number;
        return None;
    };
    let index = heading.index;
    let line = page.lines[index].number;
    let text = marked_title(draft, &heading.text, line);
    let (title_number, title) = match numbered_title(text) {
        Some((number, title)) => (Some(number), title.to_owned()),
        None => (None, text.to_owned()),
    };
    if let (Some(from_file), Some(from_title)) = (file_number, title_number)
        && from_file != from_title
    {
        draft.unmapped(line, format!("The title is numbered {from_title} but the file name {from_file}; the file name's number is used."));
    }
    draft.record.number = file_number.or(title_number);
    draft.record.title = title;
    compare_front_title(draft, line);
    page.keep[index] = false;
    Some(0)
}

/// MADR 2 marks a replaced record in its title: `[Superseded by [ADR-0005](0005-foo.md)]
/// Title`. A marker that links to records is read as the status line it repeats and leaves
/// the title; any other bracketed start (`[WIP] Title`) is part of the title.
fn marked_title<'t>(draft: &mut Draft, title: &'t str, line: u32) -> &'t str {
    let Some((marker, rest)) = bracketed_start(title) else {
        return title;
    };
    let reading = status::read(&[Line {
        number: line,
        text: marker,
        raw: marker,
    }]);
    if reading.relations.is_empty() {
        return title;
    }
    for (relation, target) in reading.relations {
        meta::add_relation(draft, relation, target);
    }
    // Words the marker holds beyond its links are kept, as a status line's would be.
    for note in &reading.note {
        meta::add_note(draft, note);
    }
    rest
}

/// `[a [b](c)] rest` → `("a [b](c)", "rest")`, when something follows the brackets and it is
/// not a link target.
fn bracketed_start(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('[')?;
    let mut depth = 1;
    let end = inner.char_indices().find_map(|(i, c)| {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ => {}
        }
        (depth == 0).then_some(i)
    })?;
    let rest = inner[end + 1..].trim();
    let titled = !rest.is_empty() && !rest.starts_with('(');
    titled.then_some((&inner[..end], rest))
}

fn untitled(draft: &mut Draft, file_name: &str) {
    if let Some((_, title)) = draft.front_title.take() {
        draft.record.title = title;
        return;
    }
    draft.record.title = title_from_file_name(file_name);
    let what = format!(
        "The file has no `# Title` line; the title `{}` was made from the file name.",
        draft.record.title
    );
    draft.unmapped(1, what);
}

fn compare_front_title(draft: &mut Draft, heading_line: u32) {
    let Some((line, front)) = draft.front_title.take() else {
        return;
    };
    if front.trim() != draft.record.title.trim() {
        let what = format!(
            "The front matter title `{front}` differs from the heading on line {heading_line}; the heading is used."
        );
        draft.unmapped(line, what);
    }
}

/// Reads metadata lines between the title and the first section; what is read leaves the body.
fn preamble(draft: &mut Draft, page: &mut Page<'_>, title: Option<usize>) {
    let start = title.map_or(0, |h| page.headings[h].index + 1);
    let end = page
        .headings
        .iter()
        .find(|h| h.index >= start)
        .map_or(page.lines.len(), |h| h.index);
    for index in start..end {
        let line = page.lines[index];
        let Some(entry) = meta::line_entry(line.text) else {
            continue;
        };
        match meta::apply_line(draft, &entry, line.number) {
            Some(Applied::Mapped) => {
                page.keep[index] = false;
                dropped_comments(draft, &entry.comments, line.number);
            }
            // Already reported; the line stays in the text.
            Some(Applied::Placeholder) => {}
            Some(Applied::Duplicate) => draft.unmapped(line.number, format!("`{}` repeats metadata set earlier; the first value is used and this line stays in the text.", line.text.trim())),
            // Only bullets are reported: a plain `Note: …` line under the title is usually prose.
            None if entry.bullet => draft.unmapped(line.number, format!("`{}` looks like metadata that no field holds; it stays in the text.", line.text.trim())),
            None => {}
        }
    }
}

fn dropped_comments(draft: &mut Draft, comments: &[&str], line: u32) {
    for comment in comments {
        draft.unmapped(
            line,
            format!("The comment `{comment}` after the value was dropped."),
        );
    }
}

/// Reads adr-tools' `## Status` section (any heading named Status down to level 3, where
/// free-form records put it under a summary) and removes it.
fn status_section(draft: &mut Draft, page: &mut Page<'_>, title: Option<usize>) {
    let is_status = |(i, h): &(usize, &Heading)| {
        Some(*i) != title && h.level <= 3 && normalize_heading(&h.text) == "status"
    };
    let Some((h, heading)) = page.headings.iter().enumerate().find(is_status) else {
        return;
    };
    let (start, end) = (heading.index, page.section_end(h, false));
    if draft.seen.contains(&Key::Status) {
        let line = page.lines[start].number;
        draft.unmapped(line, "The Status section repeats a status given earlier; the first is used and the section stays in the text.".to_owned());
        return;
    }
    draft.seen.push(Key::Status);
    meta::set_status(draft, &page.lines[start + 1..end]);
    page.drop_lines(start..end);
}

/// Where a section's text goes in the decision log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Context,
    Drivers,
    Options,
    Decision,
    Rationale,
    Consequences,
    /// MADR 2's "Positive Consequences" and "Negative Consequences", gathered with their headings.
    ConsequencesPart,
}

fn slot(normalized: &str) -> Option<Slot> {
    let slot = match normalized {
        "context" | "context and problem statement" | "problem statement" | "background" => {
            Slot::Context
        }
        "decision drivers" | "drivers" => Slot::Drivers,
        "considered options" | "options considered" | "options" => Slot::Options,
        "decision" | "decision outcome" => Slot::Decision,
        "rationale" => Slot::Rationale,
        "consequences" => Slot::Consequences,
        "positive consequences" | "negative consequences" => Slot::ConsequencesPart,
        _ => return None,
    };
    Some(slot)
}

/// Copies the text of the sections the decision log shows; the first section of each kind
/// wins. The decision stops at its first sub-heading, where MADR puts the consequences.
fn views(draft: &mut Draft, page: &Page<'_>, title: Option<usize>) {
    let mut parts = Vec::new();
    for (h, heading) in page.headings.iter().enumerate() {
        let Some(slot) = slot(&normalize_heading(&heading.text)).filter(|_| Some(h) != title)
        else {
            continue;
        };
        let body = heading.index + 1..page.section_end(h, slot == Slot::Decision);
        let record = &mut draft.record;
        let target = match slot {
            Slot::Context => &mut record.context,
            Slot::Drivers => &mut record.drivers,
            Slot::Options => &mut record.options,
            Slot::Decision => &mut record.decision,
            Slot::Rationale => &mut record.rationale,
            Slot::Consequences => &mut record.consequences,
            Slot::ConsequencesPart => {
                parts.push(page.text(heading.index..body.end));
                continue;
            }
        };
        if target.is_empty() {
            *target = page.text(body);
        }
    }
    if draft.record.consequences.is_empty() {
        draft.record.consequences = parts.join("\n\n");
    }
}

/// The kept lines, byte for byte, without the blank lines left over where lines were
/// removed: leading blank lines go, and a blank line that would double one before it goes.
fn assemble(page: &Page<'_>) -> String {
    let mut body = String::new();
    let mut after_removal = true;
    let mut last_blank = true;
    for (line, keep) in page.lines.iter().zip(&page.keep) {
        if !keep {
            after_removal = true;
            continue;
        }
        if line.is_blank() && after_removal && last_blank {
            continue;
        }
        body.push_str(line.raw);
        last_blank = line.is_blank();
        after_removal &= last_blank;
    }
    body
}

fn finish(mut draft: Draft) -> AdrRecord {
    if !draft.status_found {
        draft.unmapped(
            1,
            "The file states no status; the record is imported as proposed.".to_owned(),
        );
    }
    draft.record.unmapped.sort_by_key(|u| u.line);
    draft.record
}
