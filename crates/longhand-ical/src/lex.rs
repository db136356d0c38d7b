//! Content lines (RFC 5545 §3.1): unfolding, and splitting a line into name, parameters and
//! value; then nesting lines into `BEGIN`/`END` components.
//!
//! Line numbers are 1-based physical lines of the input, and a folded property carries the
//! number of its first line, which is where a person looking at the file would search.

use smallvec::SmallVec;
use std::borrow::Cow;

use crate::Skipped;
use crate::model::ParseError;

/// The deepest nesting of `BEGIN` blocks accepted: the same budget as
/// `longhand_domain::nesting::MAX_NESTING` (this crate depends on no other Longhand crate, and
/// the application checks the two agree).
pub const MAX_NESTING: usize = 64;

/// One unfolded property line.
///
/// Its parts borrow from the input wherever they can: a calendar of 100,000 lines would
/// otherwise allocate several strings per line (name, parameter names and values) only to
/// compare them once. A part is owned only when reading changed it: a name written in lower
/// case or a caret-escaped parameter value. A folded line borrows from [`Unfolded`]'s buffer.
#[derive(Clone, Debug)]
pub(crate) struct ContentLine<'a> {
    pub line: usize,
    /// The property name in upper case.
    pub name: Cow<'a, str>,
    pub params: Vec<Param<'a>>,
    pub value: Cow<'a, str>,
}

/// One parameter such as `TZID=Europe/Berlin` or `MEMBER="a","b"`.
#[derive(Clone, Debug)]
pub(crate) struct Param<'a> {
    /// The parameter name in upper case.
    pub name: Cow<'a, str>,
    /// Nearly every parameter has one value, kept without an allocation of its own.
    pub values: SmallVec<[Cow<'a, str>; 1]>,
}

impl ContentLine<'_> {
    /// The first value of parameter `name` (given in upper case).
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.values.first())
            .map(|v| &**v)
    }
}

/// The input as logical lines: folded continuations joined (a line that starts with a space
/// or a tab continues the previous one, RFC 5545 §3.1), CRLF, LF and bare CR accepted.
///
/// Joining happens once for the whole file, into one buffer, and only when the file has a
/// folded line at all: real exports fold every long description and attendee line, and
/// joining each into its own string cost an allocation per line plus one per part of it.
/// Every line borrows from `text`, the input itself when nothing was folded.
#[derive(Debug)]
pub(crate) struct Unfolded<'a> {
    text: Cow<'a, str>,
    /// Each logical line: its first physical line's number and its bytes in `text`.
    lines: Vec<(usize, std::ops::Range<usize>)>,
}

impl<'a> Unfolded<'a> {
    /// Each logical line with the number of its first physical line; blank lines are left out.
    pub(crate) fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.lines
            .iter()
            .map(|(n, range)| (*n, &self.text[range.clone()]))
    }
}

/// Splits `input` into logical lines (see [`Unfolded`]).
pub(crate) fn unfold(input: &str) -> Unfolded<'_> {
    if !has_fold(input) {
        let base = input.as_ptr() as usize;
        let lines = physical_lines(input)
            .enumerate()
            .filter(|(_, raw)| !raw.trim().is_empty())
            .map(|(i, raw)| {
                let from = raw.as_ptr() as usize - base;
                (i + 1, from..from + raw.len())
            })
            .collect();
        return Unfolded {
            text: Cow::Borrowed(input),
            lines,
        };
    }
    let mut joined = String::with_capacity(input.len());
    let mut lines: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, raw) in physical_lines(input).enumerate() {
        match raw.as_bytes().first() {
            Some(b' ' | b'\t') if !lines.is_empty() => {
                joined.push_str(&raw[1..]);
                if let Some((_, range)) = lines.last_mut() {
                    range.end = joined.len();
                }
            }
            _ if raw.trim().is_empty() => {}
            _ => {
                let from = joined.len();
                joined.push_str(raw);
                lines.push((i + 1, from..joined.len()));
            }
        }
    }
    Unfolded {
        text: Cow::Owned(joined),
        lines,
    }
}

/// Whether any line of `input` continues the one before it. Line breaks are found with
/// `memchr`, which looks at many bytes at once: this and [`physical_lines`] read every byte
/// of every file, and a byte-at-a-time scan was a tenth of a whole audit's time.
fn has_fold(input: &str) -> bool {
    let bytes = input.as_bytes();
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .any(|i| matches!(bytes.get(i + 1), Some(b' ' | b'\t')))
}

/// Physical lines, treating `\r\n`, `\n` and a lone `\r` each as one line break.
fn physical_lines(input: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(input);
    std::iter::from_fn(move || {
        let text = rest?;
        match memchr::memchr2(b'\r', b'\n', text.as_bytes()) {
            None => {
                rest = None;
                (!text.is_empty()).then_some(text)
            }
            Some(i) => {
                let skip = if text[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&text[i + skip..]);
                Some(&text[..i])
            }
        }
    })
}

/// Parses one logical line; `None` when it has no `:` separating name and value.
pub(crate) fn parse_line(line: usize, text: &str) -> Option<ContentLine<'_>> {
    let name_end = text.find([';', ':'])?;
    let name = upper(text[..name_end].trim());
    if name.is_empty() {
        return None;
    }
    let mut params = Vec::new();
    let mut pos = name_end;
    while text[pos..].starts_with(';') {
        let (param, next) = parse_param(text, pos + 1)?;
        params.push(param);
        pos = next;
    }
    if !text[pos..].starts_with(':') {
        return None;
    }
    Some(ContentLine {
        line,
        name,
        params,
        value: Cow::Borrowed(&text[pos + 1..]),
    })
}

/// A name in upper case, borrowed when it already is (as nearly every exporter writes it).
fn upper(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Owned(name.to_ascii_uppercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Parses `NAME=value[,value…]` starting at byte `from`; returns it and the byte after it.
fn parse_param(text: &str, from: usize) -> Option<(Param<'_>, usize)> {
    let eq = from + text[from..].find(['=', ';', ':'])?;
    let name = upper(text[from..eq].trim());
    if !text[eq..].starts_with('=') {
        // A parameter without a value (seen from some old exporters) is kept as a flag.
        let values = SmallVec::new();
        return Some((Param { name, values }, eq));
    }
    let mut values = SmallVec::new();
    let mut pos = eq + 1;
    loop {
        let (val, next) = param_value(text, pos)?;
        values.push(val);
        pos = next;
        if !text[pos..].starts_with(',') {
            return Some((Param { name, values }, pos));
        }
        pos += 1;
    }
}

/// One parameter value, quoted or bare, with RFC 6868 `^n`, `^'` and `^^` decoded.
fn param_value(text: &str, from: usize) -> Option<(Cow<'_, str>, usize)> {
    let rest = &text[from..];
    let (raw, next) = if let Some(quoted) = rest.strip_prefix('"') {
        let close = quoted.find('"')?;
        (&quoted[..close], from + close + 2)
    } else {
        let end = rest.find([',', ';', ':']).unwrap_or(rest.len());
        (&rest[..end], from + end)
    };
    Some((decode_caret(raw), next))
}

fn decode_caret(raw: &str) -> Cow<'_, str> {
    if !raw.contains('^') {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(
        raw.replace("^n", "\n")
            .replace("^'", "\"")
            .replace("^^", "^"),
    )
}

/// A `BEGIN:…`/`END:…` block with its properties and nested blocks.
#[derive(Clone, Debug)]
pub(crate) struct Component<'a> {
    /// The component name in upper case, such as `VEVENT`.
    pub name: String,
    /// The line of its `BEGIN`.
    pub line: usize,
    pub props: Vec<ContentLine<'a>>,
    pub children: Vec<Component<'a>>,
}

impl<'a> Component<'a> {
    pub(crate) fn new(name: String, line: usize) -> Self {
        // An exported event holds fifteen to thirty properties (stamps, times, a folded
        // description, an attendee each); room for sixteen saves the reallocations of
        // growing from nothing, which showed in profiles of large audits.
        Component {
            name,
            line,
            props: Vec::with_capacity(16),
            children: Vec::new(),
        }
    }

    /// The first property called `name` (upper case).
    pub(crate) fn prop(&self, name: &str) -> Option<&ContentLine<'a>> {
        self.props.iter().find(|p| p.name == name)
    }

    /// Every property called `name` (upper case).
    pub(crate) fn props_named<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = &'s ContentLine<'a>> + 's {
        self.props.iter().filter(move |p| p.name == name)
    }
}

/// Components that sit directly in a VCALENDAR (RFC 5545 §3.6, RFC 7953) and in nothing else.
const CALENDAR_LEVEL: [&str; 6] = [
    "VEVENT",
    "VTODO",
    "VJOURNAL",
    "VFREEBUSY",
    "VTIMEZONE",
    "VAVAILABILITY",
];

/// Components whose grammar is known: a calendar-level component cannot open inside one of
/// these, so its `BEGIN` proves the open one's `END` is missing or mistyped. Unknown (`X-`)
/// components are left alone, since nothing says what they may hold.
const KNOWN: [&str; 9] = [
    "VEVENT",
    "VTODO",
    "VJOURNAL",
    "VFREEBUSY",
    "VTIMEZONE",
    "VAVAILABILITY",
    "VALARM",
    "STANDARD",
    "DAYLIGHT",
];

/// Whether `name` is a component that belongs directly in a VCALENDAR.
pub(crate) fn is_calendar_level(name: &str) -> bool {
    CALENDAR_LEVEL.contains(&name)
}

/// Nests lines into components. Returns the top-level components; problems (stray `END`,
/// blocks that never end, lines without a value) go to `skipped`.
///
/// A mistyped `END` (`END:VTOOD` inside a VTODO) would otherwise leave its component open, so
/// every later event would nest inside it and vanish with it. Two things end such a component
/// anyway, each with a warning: the `BEGIN` of a calendar-level component or of a VCALENDAR
/// (which cannot nest inside an event, a to-do or a zone), and the `END` of the VCALENDAR
/// around it. Only a component still open at the end of the input, as in a truncated
/// download, is dropped.
///
/// Nesting past [`MAX_NESTING`] is an error for the whole file: a tree that deep would be
/// dropped by recursion (overflowing the stack) and every `END` would scan the whole stack
/// (quadratic time), while real calendars nest three levels (`VCALENDAR`, `VEVENT`, `VALARM`).
pub(crate) fn components<'a>(
    lines: Vec<ContentLine<'a>>,
    skipped: &mut Vec<Skipped>,
) -> Result<Vec<Component<'a>>, ParseError> {
    let mut top = Vec::new();
    let mut stack: Vec<Component<'a>> = Vec::new();
    for line in lines {
        match &*line.name {
            "BEGIN" => begin(&mut stack, &mut top, &line, skipped)?,
            "END" => close(&mut stack, &mut top, &line, skipped),
            _ => match stack.last_mut() {
                Some(c) => c.props.push(line),
                None => skipped.push(Skipped::new(
                    line.line,
                    format!("{} outside any component ignored", line.name),
                )),
            },
        }
    }
    while let Some(open) = stack.pop() {
        finish_unterminated(open, &mut stack, &mut top, skipped);
    }
    Ok(top)
}

/// Handles a `BEGIN` line: first ends the open components it cannot nest in, then opens it.
fn begin<'a>(
    stack: &mut Vec<Component<'a>>,
    top: &mut Vec<Component<'a>>,
    line: &ContentLine<'a>,
    skipped: &mut Vec<Skipped>,
) -> Result<(), ParseError> {
    let name = line.value.trim().to_ascii_uppercase();
    let open_known = |stack: &[Component<'a>]| {
        stack
            .last()
            .is_some_and(|c| KNOWN.contains(&c.name.as_str()))
    };
    if (is_calendar_level(&name) || name == "VCALENDAR") && open_known(stack) {
        let at = format!("line {}, where BEGIN:{name} starts", line.line);
        while open_known(stack) {
            end_implicitly(stack, top, &at, skipped);
        }
    }
    if stack.len() >= MAX_NESTING {
        return Err(too_deep(line.line));
    }
    stack.push(Component::new(name, line.line));
    Ok(())
}

/// Ends the innermost open component without its `END`, keeping what it holds.
fn end_implicitly<'a>(
    stack: &mut Vec<Component<'a>>,
    top: &mut Vec<Component<'a>>,
    at: &str,
    skipped: &mut Vec<Skipped>,
) {
    if let Some(open) = stack.pop() {
        skipped.push(Skipped::new(
            open.line,
            format!("{} without END: read as ending at {at}", open.name),
        ));
        attach(open, stack, top);
    }
}

fn too_deep(line: usize) -> ParseError {
    ParseError {
        line,
        message: format!(
            "components are nested more than {MAX_NESTING} levels deep; \
             this is not a calendar export"
        ),
    }
}

/// Handles an `END` line: it closes the innermost block of that name. Calendar-level blocks
/// opened inside it that never ended are kept as ending there; other unended blocks (an
/// alarm, a zone's observance) are dropped, since what they hold is not known to be complete.
fn close<'a>(
    stack: &mut Vec<Component<'a>>,
    top: &mut Vec<Component<'a>>,
    line: &ContentLine<'a>,
    skipped: &mut Vec<Skipped>,
) {
    let name = line.value.trim().to_ascii_uppercase();
    let Some(depth) = stack.iter().rposition(|c| c.name == name) else {
        skipped.push(Skipped::new(
            line.line,
            format!("END:{name} matches no open component: ignored"),
        ));
        return;
    };
    let at = match stack.len() > depth + 1 {
        true => format!("line {}, where END:{name} is", line.line),
        false => String::new(),
    };
    while stack.len() > depth + 1 {
        if stack.last().is_some_and(|c| is_calendar_level(&c.name)) {
            end_implicitly(stack, top, &at, skipped);
        } else if let Some(open) = stack.pop() {
            skipped.push(Skipped::new(
                open.line,
                format!("{} without END skipped", open.name),
            ));
        }
    }
    if let Some(done) = stack.pop() {
        attach(done, stack, top);
    }
}

/// A block still open at the end of input. A calendar whose last `END:VCALENDAR` is missing
/// (a truncated download) keeps what it has; an unfinished event inside it is dropped.
fn finish_unterminated<'a>(
    open: Component<'a>,
    stack: &mut [Component<'a>],
    top: &mut Vec<Component<'a>>,
    skipped: &mut Vec<Skipped>,
) {
    if open.name == "VCALENDAR" {
        skipped.push(Skipped::new(
            open.line,
            "VCALENDAR without END:VCALENDAR read to the end of input".into(),
        ));
        attach(open, stack, top);
    } else {
        skipped.push(Skipped::new(
            open.line,
            format!("{} without END skipped", open.name),
        ));
    }
}

fn attach<'a>(done: Component<'a>, stack: &mut [Component<'a>], top: &mut Vec<Component<'a>>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(done),
        None => top.push(done),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        let unfolded = unfold(input);
        let got: Vec<String> = unfolded
            .lines()
            .map(|(n, text)| match parse_line(n, text) {
                Some(l) => {
                    let params: Vec<String> = l
                        .params
                        .iter()
                        .map(|p| format!("{}={:?}", p.name, p.values))
                        .collect();
                    format!("{}:{}[{}]={:?}", l.line, l.name, params.join(" "), l.value)
                }
                None => format!("{n}:unreadable"),
            })
            .collect();
        assert_eq!(got.join("\n"), expect, "input: {input:?}");
    }

    #[test]
    fn unfolds_crlf_lf_and_tabs() {
        check(
            "SUMMARY:Plan\r\n ning\r\n\tmeeting\r\nUID:1\n",
            "1:SUMMARY[]=\"Planningmeeting\"\n4:UID[]=\"1\"",
        );
        check("A:1\rB:2\n\nC:3", "1:A[]=\"1\"\n2:B[]=\"2\"\n4:C[]=\"3\"");
        check(" leading continuation\nA:1", "1:unreadable\n2:A[]=\"1\"");
    }

    #[test]
    fn parameters_quoted_and_multi_valued() {
        check(
            "ATTENDEE;CN=\"Doe, Jane\";ROLE=REQ-PARTICIPANT;MEMBER=\"mailto:a@x\",\"mailto:b@x\":mailto:jane@x",
            "1:ATTENDEE[CN=[\"Doe, Jane\"] ROLE=[\"REQ-PARTICIPANT\"] MEMBER=[\"mailto:a@x\", \"mailto:b@x\"]]=\"mailto:jane@x\"",
        );
        check(
            "DTSTART;TZID=\"W. Europe Standard Time\":20260105T090000",
            "1:DTSTART[TZID=[\"W. Europe Standard Time\"]]=\"20260105T090000\"",
        );
        check("X;P=^'q^' ^n^^:v", "1:X[P=[\"\\\"q\\\" \\n^\"]]=\"v\"");
        check("DESCRIPTION:a:b;c", "1:DESCRIPTION[]=\"a:b;c\"");
    }

    #[test]
    fn unreadable_lines() {
        check("no colon here", "1:unreadable");
        check(":value", "1:unreadable");
        check("X;P=\"unterminated:v", "1:unreadable");
    }
}
