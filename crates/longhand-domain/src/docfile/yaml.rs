//! Writing YAML scalars that the front matter reader ([`crate::lint::frontmatter`]) reads back
//! as exactly the same text.
//!
//! Three styles, chosen per value: plain when nothing in the text could be read as YAML syntax
//! (the common case, so exports stay pleasant to read), single-quoted for printable text on one
//! line, and double-quoted with escapes for anything holding a line break, a tab or a character
//! YAML does not allow raw. Double-quoted is the only style that can carry every string, so it
//! is the fallback; the other two exist only for readability.

/// Where a scalar is written. A flow list (`[a, b]`) gives `,`, `[`, `]`, `{` and `}` meaning,
/// so fewer strings can stay plain there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Context {
    Block,
    Flow,
}

/// Writes `text` as one YAML scalar on one line.
pub(super) fn scalar(text: &str, context: Context) -> String {
    if text.chars().any(needs_escape) {
        double_quoted(text)
    } else if is_plain_safe(text, context) {
        text.to_owned()
    } else {
        single_quoted(text)
    }
}

/// Characters that cannot appear raw in a one-line quoted scalar: line breaks and other
/// controls (tab included, because YAML trims it at line ends), the Unicode line and paragraph
/// separators and byte order marks, which some YAML readers treat as breaks, and the two
/// non-characters YAML forbids.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// Whether `text` reads back unchanged as a plain (unquoted) scalar.
///
/// The front matter reader quotes bare `@handle` values before parsing (people write
/// `owner: @ana`). It finds them by tracking `'` and `"` along the whole line, without
/// understanding YAML, so the writer keeps that tracking right: `@` is never left plain, and
/// neither is a quote character, which the tracker would take for the start of a string and
/// then misread every later quote on the line (a flow list puts several values on one line).
/// Words other YAML tools resolve to booleans, nulls or numbers are quoted too, so an exported
/// `title: 'yes'` stays a title in any reader, not only ours.
fn is_plain_safe(text: &str, context: Context) -> bool {
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else {
        return false;
    };
    let flow_indicator = |c: char| matches!(c, ',' | '[' | ']' | '{' | '}');
    let starts_syntax = "-?:,[]{}#&*!|>'\"%@`".contains(first) || first.is_whitespace();
    let ends_badly = last.is_whitespace() || last == ':';
    let has_syntax = text.contains(": ")
        || text.contains(" #")
        || text.contains(['@', '\'', '"'])
        || (context == Context::Flow && text.chars().any(flow_indicator));
    !(starts_syntax || ends_badly || has_syntax || resolves_to_non_string(text))
}

/// Whether a YAML 1.1 or 1.2 reader would take the plain scalar for something other than text.
fn resolves_to_non_string(text: &str) -> bool {
    const WORDS: [&str; 13] = [
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", ".nan", "<<",
    ];
    let lower = text.to_ascii_lowercase();
    let starts_numeric = text.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c));
    WORDS.contains(&lower.as_str())
        || lower.replace('_', "").parse::<f64>().is_ok()
        || lower.starts_with("0x")
        || lower.starts_with("0o")
        || (starts_numeric && text.contains(':') && !text.contains(' '))
}

/// `'…'`, where a quote is written twice. Only printable single-line text comes here.
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `"…"` with backslash escapes, which can carry any string.
///
/// A `"` inside is written `\x22` rather than `\"`: the reader's handle quoting (see
/// [`is_plain_safe`]) does not understand `\"` and would take it for the end of the string.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\x22"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if needs_escape(c) => out.push_str(&escape_code(c)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `\xNN` or `\uNNNN`; every character [`needs_escape`] accepts is in the Basic Multilingual Plane.
fn escape_code(c: char) -> String {
    let code = u32::from(c);
    if code <= 0xff {
        format!("\\x{code:02x}")
    } else {
        format!("\\u{code:04x}")
    }
}

#[cfg(test)]
mod tests {
    use super::{Context, scalar};

    fn check(text: &str, expect: &str) {
        assert_eq!(scalar(text, Context::Block), expect, "writing {text:?}");
    }

    #[test]
    fn styles() {
        let cases = [
            ("Use PostgreSQL for storage", "Use PostgreSQL for storage"),
            ("C# and 2 + 2", "C# and 2 + 2"),
            ("It's", "'It''s'"),
            ("2025-03-14", "2025-03-14"),
            ("", "''"),
            ("ADR 3: storage", "'ADR 3: storage'"),
            ("@ana", "'@ana'"),
            ("- leading dash", "'- leading dash'"),
            ("#hash", "'#hash'"),
            ("say \"hi\"", "'say \"hi\"'"),
            ("'quoted'", "'''quoted'''"),
            ("yes", "'yes'"),
            ("0003", "'0003'"),
            ("1e3", "'1e3'"),
            ("12:30", "'12:30'"),
            (" padded ", "' padded '"),
            ("two\nlines", "\"two\\nlines\""),
            ("tab\there", "\"tab\\there\""),
            ("say \"hi\" to @bo\n", "\"say \\x22hi\\x22 to @bo\\n\""),
            ("nel\u{85}bom\u{feff}", "\"nel\\x85bom\\ufeff\""),
        ];
        for (text, expect) in cases {
            check(text, expect);
        }
    }

    #[test]
    fn flow_lists_quote_their_separators() {
        assert_eq!(scalar("a, b", Context::Flow), "'a, b'");
        assert_eq!(scalar("a, b", Context::Block), "a, b");
        assert_eq!(scalar("x]", Context::Flow), "'x]'");
    }
}
