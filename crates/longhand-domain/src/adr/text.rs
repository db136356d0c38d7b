//! The line-level view of an ADR file: numbered lines, ATX headings outside code fences, and
//! inline `[text](target)` links.
//!
//! A line scanner rather than a Markdown parser, on purpose: the reader removes whole lines
//! (the title, metadata, the status section) and copies every other line byte for byte, so it
//! needs exact line boundaries, and ADR tools only ever write ATX headings. Code fences are
//! tracked so a `## Status` inside an example block is not taken for a section.

/// One line of the file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'s> {
    /// 1-based line number in the whole file, front matter included.
    pub number: u32,
    /// The text without its line break.
    pub text: &'s str,
    /// The text with its line break, as it was in the file.
    pub raw: &'s str,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Splits `body` into lines; its first line is line `offset + 1` of the file.
pub(super) fn lines(body: &str, offset: u32) -> Vec<Line<'_>> {
    body.split_inclusive('\n')
        .zip(offset.saturating_add(1)..)
        .map(|(raw, number)| Line {
            number,
            text: raw.trim_end_matches(['\n', '\r']),
            raw,
        })
        .collect()
}

/// An ATX heading (`## Context`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Heading {
    /// Index into the line list.
    pub index: usize,
    /// 1–6.
    pub level: u8,
    /// The text without the `#` marks, trimmed.
    pub text: String,
}

/// Every heading outside fenced code blocks, in order.
pub(super) fn headings(lines: &[Line<'_>]) -> Vec<Heading> {
    let mut fence: Option<(char, usize)> = None;
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if let Some(marker) = fence_marker(line.text) {
            fence = match fence {
                None => Some(marker),
                Some(open) if marker.0 == open.0 && marker.1 >= open.1 => None,
                still_open => still_open,
            };
            continue;
        }
        if fence.is_none() {
            found.extend(atx_heading(line.text).map(|(level, text)| Heading {
                index,
                level,
                text,
            }));
        }
    }
    found
}

/// Up to three spaces of indentation, as CommonMark allows before block markers.
fn unindent(text: &str) -> Option<&str> {
    let trimmed = text.trim_start_matches(' ');
    (text.len() - trimmed.len() <= 3).then_some(trimmed)
}

/// A line of three or more backticks or tildes opens or closes a fence.
fn fence_marker(text: &str) -> Option<(char, usize)> {
    let trimmed = unindent(text)?;
    let c = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let run = trimmed.chars().take_while(|&x| x == c).count();
    (run >= 3).then_some((c, run))
}

fn atx_heading(text: &str) -> Option<(u8, String)> {
    let trimmed = unindent(text)?;
    let hashes = trimmed.chars().take_while(|&c| c == '#').count();
    let rest = &trimmed[hashes..];
    let separated = rest.is_empty() || rest.starts_with([' ', '\t']);
    if !(1..=6).contains(&hashes) || !separated {
        return None;
    }
    let level = u8::try_from(hashes).ok()?;
    Some((level, strip_closing_hashes(rest.trim()).to_owned()))
}

/// `## Title ##` → `Title`; a `#` glued to a word (`C#`) stays.
fn strip_closing_hashes(text: &str) -> &str {
    let without = text.trim_end_matches('#');
    if without.is_empty() || without.ends_with([' ', '\t']) {
        without.trim_end()
    } else {
        text
    }
}

/// An inline link `[text](target)`, with byte offsets into the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Link<'s> {
    pub start: usize,
    pub end: usize,
    pub text: &'s str,
    pub target: &'s str,
}

/// The inline links of one line, left to right. Link text may not hold brackets; that is
/// enough for the links ADR tools write, and it never panics on anything else.
pub(super) fn links(line: &str) -> Vec<Link<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(link) = next_link(line, from) {
        from = link.end;
        found.push(link);
    }
    found
}

fn next_link(line: &str, from: usize) -> Option<Link<'_>> {
    let first = from + line.get(from..)?.find('[')?;
    let text_end = first + line[first..].find("](")?;
    // `[B] and [2](x.md)`: the link is the last `[` before `](`.
    let start = first + line[first..text_end].rfind('[').unwrap_or(0);
    let target_start = text_end + 2;
    let target_end = target_start + line[target_start..].find(')')?;
    Some(Link {
        start,
        end: target_end + 1,
        text: &line[start + 1..text_end],
        target: line[target_start..target_end].trim(),
    })
}

#[cfg(test)]
mod tests {
    use super::{headings, lines, links};

    #[test]
    fn headings_skip_fences_and_closing_marks() {
        let text = "# 1. Title #\n```md\n## Not a heading\n```\n    ## code\n##Tight\n## C#\n### Deep ###\n";
        let found: Vec<String> = headings(&lines(text, 0))
            .iter()
            .map(|h| format!("{}:{}:{}", h.index, h.level, h.text))
            .collect();
        assert_eq!(found, ["0:1:1. Title", "6:2:C#", "7:3:Deep"]);
    }

    #[test]
    fn lines_keep_their_breaks_and_numbers() {
        let found: Vec<(u32, &str, &str)> = lines("a\r\nb\n\nc", 4)
            .iter()
            .map(|l| (l.number, l.text, l.raw))
            .collect();
        assert_eq!(
            found,
            [
                (5, "a", "a\r\n"),
                (6, "b", "b\n"),
                (7, "", "\n"),
                (8, "c", "c")
            ]
        );
    }

    #[test]
    fn links_in_a_line() {
        let found: Vec<(&str, &str)> =
            links("Supersedes [1. A](0001-a.md), [B] and [2](  0002-b.md ) [x](")
                .iter()
                .map(|l| (l.text, l.target))
                .collect();
        assert_eq!(found, [("1. A", "0001-a.md"), ("2", "0002-b.md")]);
    }
}
