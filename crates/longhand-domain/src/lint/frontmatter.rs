//! Front matter: splitting the `---` … `---` block off a Markdown file and reading its YAML into
//! a small positioned tree.
//!
//! Problems (unterminated block, invalid YAML, a list where a mapping belongs, duplicate keys)
//! become [`Problem`]s with a line, never panics: a half-written file in the editor is the normal
//! case, not an exception.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};

use super::finding::Position;

/// Nesting deeper than the budget is refused rather than recursed into, so hostile input such
/// as `[[[[[[…` cannot exhaust the stack.
use crate::nesting::MAX_NESTING as MAX_DEPTH;

/// A parsed YAML value with the place it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub kind: ValueKind,
    pub position: Position,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueKind {
    /// An empty value, `~` or `null`.
    Null,
    /// Any scalar, kept as written (YAML 1.2 core types are not resolved: `yes` stays `yes`).
    Scalar(String),
    List(Vec<Value>),
    Map(Vec<Entry>),
}

/// One `key: value` pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub key_position: Position,
    pub value: Value,
}

impl Value {
    /// The scalar text, trimmed, or `None` for null, blank and non-scalar values.
    pub fn as_text(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Scalar(text) if !text.trim().is_empty() => Some(text.trim()),
            _ => None,
        }
    }

    /// Whether the value carries nothing a reader could use: null, blank text, an empty list or map.
    pub fn is_blank(&self) -> bool {
        match &self.kind {
            ValueKind::Null => true,
            ValueKind::Scalar(text) => text.trim().is_empty(),
            ValueKind::List(items) => items.iter().all(Value::is_blank),
            ValueKind::Map(entries) => entries.is_empty(),
        }
    }
}

/// A problem found while reading front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub position: Position,
    pub message: String,
    pub hint: String,
}

/// The front matter of one file: the top-level entries in file order, first occurrence of each key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    present: bool,
    entries: Vec<Entry>,
}

impl FrontMatter {
    /// Whether the file had a (terminated) front matter block at all, even an empty one.
    pub fn is_present(&self) -> bool {
        self.present
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry for `key`, compared ASCII-case-insensitively. Front matter holds a handful of
    /// keys, so a linear scan beats building a map per file.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|entry| entry.key.eq_ignore_ascii_case(key))
    }

    /// The first of `keys` that has a non-blank value.
    pub fn first_filled(&self, keys: &[&str]) -> Option<&Entry> {
        keys.iter()
            .filter_map(|key| self.get(key))
            .find(|entry| !entry.value.is_blank())
    }

    /// Trimmed text of `key`, when it is a non-blank scalar.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(|entry| entry.value.as_text())
    }
}

/// The result of splitting a file: front matter, where the body starts, and any problems.
#[derive(Debug)]
pub(crate) struct Split<'s> {
    pub front_matter: FrontMatter,
    pub body: &'s str,
    /// Lines before the body (the front matter block), added to body line numbers.
    pub body_line_offset: u32,
    pub problems: Vec<Problem>,
}

/// Splits `source` (BOM already removed) into front matter and body.
pub(crate) fn split(source: &str) -> Split<'_> {
    let Some(first_end) = opening_delimiter_end(source) else {
        return no_front_matter(source, Vec::new());
    };
    let rest = &source[first_end..];
    let Some((yaml_len, body_start, closing_line)) = find_closing(rest) else {
        return no_front_matter(source, vec![unterminated()]);
    };
    let (front_matter, problems) = read_yaml(&rest[..yaml_len]);
    Split {
        front_matter,
        body: &rest[body_start..],
        body_line_offset: closing_line,
        problems,
    }
}

fn no_front_matter(source: &str, problems: Vec<Problem>) -> Split<'_> {
    Split {
        front_matter: FrontMatter::default(),
        body: source,
        body_line_offset: 0,
        problems,
    }
}

fn unterminated() -> Problem {
    Problem {
        position: Position::START,
        message: "The front matter that opens on line 1 is never closed, so none of its fields \
                  are read."
            .to_owned(),
        hint: "Add a line containing only `---` after the last field.".to_owned(),
    }
}

/// Byte length of the opening `---` line (with its line break), if the file starts with one.
fn opening_delimiter_end(source: &str) -> Option<usize> {
    let line_end = source.find('\n').map_or(source.len(), |i| i + 1);
    is_delimiter(&source[..line_end], "---").then_some(line_end)
}

/// Looks for the closing `---` (or YAML's `...`) line. Returns the YAML length, the body's byte
/// start and the closing delimiter's 1-based line number in the file.
fn find_closing(rest: &str) -> Option<(usize, usize, u32)> {
    let mut offset = 0;
    let mut line = 2u32;
    while offset < rest.len() {
        let line_end = rest[offset..]
            .find('\n')
            .map_or(rest.len(), |i| offset + i + 1);
        let text = &rest[offset..line_end];
        if is_delimiter(text, "---") || is_delimiter(text, "...") {
            return Some((offset, line_end, line));
        }
        offset = line_end;
        line = line.saturating_add(1);
    }
    None
}

/// A delimiter line is the marker with optional trailing blanks and any line break (LF or CRLF).
fn is_delimiter(line: &str, marker: &str) -> bool {
    line.trim_end_matches(['\n', '\r', ' ', '\t']) == marker
}

/// Reads the YAML between the delimiters, which starts on line 2 of the file.
fn read_yaml(yaml: &str) -> (FrontMatter, Vec<Problem>) {
    let yaml = quote_handles(yaml);
    let mut reader = TreeReader::new(&yaml, 1);
    let root = reader.document();
    let mut problems = reader.problems;
    let entries = match root {
        None => Vec::new(),
        Some(Value {
            kind: ValueKind::Map(entries),
            ..
        }) => entries,
        Some(Value {
            kind: ValueKind::Null,
            ..
        }) => Vec::new(),
        Some(other) => {
            problems.push(not_a_mapping(other.position));
            Vec::new()
        }
    };
    (
        FrontMatter {
            present: true,
            entries,
        },
        problems,
    )
}

fn not_a_mapping(position: Position) -> Problem {
    Problem {
        position,
        message: "The front matter is not a list of `key: value` fields, so none of it is read."
            .to_owned(),
        hint: "Write one field per line, such as `owner: @alice`.".to_owned(),
    }
}

/// Quotes bare `@handle` values.
///
/// `owner: @ana` is how everyone writes an owner, but `@` is reserved in YAML and a plain
/// scalar cannot start with it, so the whole block would be rejected. Quoting handles that
/// start a value (after `key:`, a `- ` list marker, `[`, `{` or `,`) before parsing accepts what
/// people write; the opening quote takes the `@`'s column, so reported positions stay right.
fn quote_handles(yaml: &str) -> Cow<'_, str> {
    if !yaml.contains('@') {
        return Cow::Borrowed(yaml);
    }
    let mut out = String::with_capacity(yaml.len() + 8);
    for line in yaml.split_inclusive('\n') {
        quote_line(line, &mut out);
    }
    Cow::Owned(out)
}

/// Copies one line to `out`, quoting each bare handle outside quotes and comments.
fn quote_line(line: &str, out: &mut String) {
    let mut quote: Option<char> = None;
    let mut copied = 0;
    for (index, c) in line.char_indices() {
        if index < copied {
            continue;
        }
        if let Some(open) = quote {
            quote = (c != open).then_some(open);
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '#' if index == 0 || line[..index].ends_with([' ', '\t']) => break,
            '@' if starts_value(&line[..index]) => {
                let rest = &line[index..];
                let len = rest
                    .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
                    .unwrap_or(rest.len());
                out.push_str(&line[copied..index]);
                out.push('\'');
                out.push_str(&rest[..len].replace('\'', "''"));
                out.push('\'');
                copied = index + len;
            }
            _ => {}
        }
    }
    out.push_str(&line[copied..]);
}

/// Whether an `@` after `before` begins a value: after `key: `, `[`, `{`, `,`, or a `- ` marker.
fn starts_value(before: &str) -> bool {
    let trimmed = before.trim_end_matches([' ', '\t']);
    let gap = trimmed.len() < before.len();
    match trimmed.chars().last() {
        Some(':') => gap,
        Some('[' | '{' | ',') => true,
        Some('-') => gap && (trimmed.trim_start() == "-" || trimmed.ends_with(": -")),
        _ => false,
    }
}

/// Builds a [`Value`] tree from saphyr's event stream, recording problems instead of failing.
struct TreeReader<'s> {
    parser: Parser<'s, saphyr_parser::StrInput<'s>>,
    line_offset: u32,
    problems: Vec<Problem>,
    failed: bool,
}

impl<'s> TreeReader<'s> {
    fn new(yaml: &'s str, line_offset: u32) -> Self {
        TreeReader {
            parser: Parser::new_from_str(yaml),
            line_offset,
            problems: Vec::new(),
            failed: false,
        }
    }

    /// Reads the first YAML document, or `None` when the text holds none or is invalid.
    fn document(&mut self) -> Option<Value> {
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentStart(_) => continue,
                Event::StreamEnd | Event::DocumentEnd => return None,
                other => {
                    let value = self.node(other, span, 0);
                    return if self.failed { None } else { value };
                }
            }
        }
    }

    fn next(&mut self) -> Option<(Event<'s>, Span)> {
        if self.failed {
            return None;
        }
        match self.parser.next() {
            Some(Ok(pair)) => Some(pair),
            Some(Err(error)) => {
                self.fail(&error);
                None
            }
            None => None,
        }
    }

    fn fail(&mut self, error: &ScanError) {
        self.failed = true;
        let marker = error.marker();
        self.problems.push(Problem {
            position: self.position_of(marker.line(), marker.col()),
            message: format!("The front matter is not valid YAML: {}.", error.info()),
            hint: "Check the indentation and quoting on this line; values containing `: ` or \
                   starting with `@`, `*` or `[` need quotes."
                .to_owned(),
        });
    }

    fn position_of(&self, line: usize, col0: usize) -> Position {
        let line = u32::try_from(line)
            .unwrap_or(u32::MAX)
            .saturating_add(self.line_offset);
        let column = u32::try_from(col0).unwrap_or(u32::MAX).saturating_add(1);
        Position::new(line, column)
    }

    fn node(&mut self, event: Event<'s>, span: Span, depth: usize) -> Option<Value> {
        let position = self.position_of(span.start.line(), span.start.col());
        let kind = match event {
            Event::Scalar(text, style, _, _) => scalar(text, style),
            Event::SequenceStart(..) => ValueKind::List(self.sequence(position, depth)?),
            Event::MappingStart(..) => ValueKind::Map(self.mapping(position, depth)?),
            // Aliases are legal YAML but meaningless in front matter; reading them as empty keeps
            // the rest of the block usable.
            _ => ValueKind::Null,
        };
        Some(Value { kind, position })
    }

    fn too_deep(&mut self, position: Position, depth: usize) -> bool {
        if depth < MAX_DEPTH {
            return false;
        }
        self.failed = true;
        self.problems.push(Problem {
            position,
            message: format!(
                "The front matter nests lists or mappings more than {MAX_DEPTH} levels deep."
            ),
            hint: "Flatten the structure; front matter fields are simple values or short lists."
                .to_owned(),
        });
        true
    }

    fn sequence(&mut self, position: Position, depth: usize) -> Option<Vec<Value>> {
        if self.too_deep(position, depth) {
            return None;
        }
        let mut items = Vec::new();
        loop {
            let (event, span) = self.next()?;
            if matches!(event, Event::SequenceEnd) {
                return Some(items);
            }
            items.push(self.node(event, span, depth + 1)?);
        }
    }

    fn mapping(&mut self, position: Position, depth: usize) -> Option<Vec<Entry>> {
        if self.too_deep(position, depth) {
            return None;
        }
        let mut entries: Vec<Entry> = Vec::new();
        loop {
            let (event, span) = self.next()?;
            if matches!(event, Event::MappingEnd) {
                return Some(entries);
            }
            let key = self.node(event, span, depth + 1)?;
            let (event, span) = self.next()?;
            let value = self.node(event, span, depth + 1)?;
            self.push_entry(&mut entries, key, value);
        }
    }

    /// Adds an entry unless its key is not text or repeats an earlier key. YAML forbids
    /// duplicate keys and tools disagree on which copy wins, so we keep the first and say so.
    fn push_entry(&mut self, entries: &mut Vec<Entry>, key: Value, value: Value) {
        let Some(name) = key.as_text() else {
            self.problems.push(Problem {
                position: key.position,
                message: "A front matter key is empty or not plain text.".to_owned(),
                hint: "Write each field as `name: value` with a simple name.".to_owned(),
            });
            return;
        };
        if let Some(first) = entries.iter().find(|e| e.key.eq_ignore_ascii_case(name)) {
            let line = first.key_position.line;
            self.problems.push(Problem {
                position: key.position,
                message: format!("The field `{name}` is repeated; the value on line {line} is used and this one is ignored."),
                hint: format!("Keep one `{name}:` line and delete the other."),
            });
            return;
        }
        entries.push(Entry {
            key: name.to_owned(),
            key_position: key.position,
            value,
        });
    }
}

fn scalar(text: Cow<'_, str>, style: ScalarStyle) -> ValueKind {
    let is_null_word = matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL");
    if style == ScalarStyle::Plain && is_null_word {
        return ValueKind::Null;
    }
    ValueKind::Scalar(text.into_owned())
}
