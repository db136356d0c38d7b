//! What characters free text may hold, checked the same way at every entry point.
//!
//! PostgreSQL cannot store U+0000 in a text column while SQLite can, so a NUL that slipped
//! in would be a server error on one database, a silent success on the other, and a backup
//! that no longer moves between them. Every field a person types therefore passes one of
//! two checks before it reaches the store:
//!
//! - [`check_line`] for single-line fields (titles, names, tags): no control characters at
//!   all, since a tab or newline there is always a paste accident and breaks lists and
//!   headers.
//! - [`check_text`] for multi-line text (bodies, comments, intents, calendars): tab, line
//!   feed and carriage return are allowed; NUL and the other C0 controls are not.
//!
//! Refusing instead of stripping keeps what was saved identical to what was sent, which the
//! revision history and the event chain both rely on.

use std::fmt;

/// Why a field's text was refused; the message names the field and the character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError(String);

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TextError {}

/// Checks a single-line field: no control characters (C0, DEL or C1).
///
/// # Example
/// ```
/// use longhand_domain::text::check_line;
/// assert!(check_line("title", "Q3 plan").is_ok());
/// assert!(check_line("title", "Q3\tplan").is_err());
/// ```
pub fn check_line(field: &str, value: &str) -> Result<(), TextError> {
    match value.chars().enumerate().find(|(_, c)| c.is_control()) {
        None => Ok(()),
        Some((at, c)) => Err(refusal(field, at, c)),
    }
}

/// Checks multi-line text: tab, line feed and carriage return are fine, NUL and the other C0
/// controls are not.
///
/// # Example
/// ```
/// use longhand_domain::text::check_text;
/// assert!(check_text("body", "line one\r\n\tline two").is_ok());
/// assert!(check_text("body", "nul \u{0}").is_err());
/// ```
pub fn check_text(field: &str, value: &str) -> Result<(), TextError> {
    let bad = |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\r');
    match value.chars().enumerate().find(|(_, c)| bad(*c)) {
        None => Ok(()),
        Some((at, c)) => Err(refusal(field, at, c)),
    }
}

fn refusal(field: &str, at: usize, c: char) -> TextError {
    let what = if c == '\0' {
        "a NUL character (U+0000)".to_owned()
    } else {
        format!("the control character U+{:04X}", u32::from(c))
    };
    TextError(format!(
        "the {field} contains {what} at character {}; remove it and try again",
        at + 1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(f: fn(&str, &str) -> Result<(), TextError>, value: &str, expect: Result<(), &str>) {
        let got = f("title", value).map_err(|e| e.0);
        assert_eq!(got, expect.map_err(str::to_owned), "{value:?}");
    }

    #[test]
    fn single_lines_refuse_every_control_character() {
        check(check_line, "Привет, 世界 ✓", Ok(()));
        check(
            check_line,
            "ab\u{0}",
            Err(
                "the title contains a NUL character (U+0000) at character 3; remove it and try again",
            ),
        );
        for bad in ["a\tb", "a\nb", "a\rb", "a\u{7f}b", "a\u{85}b", "a\u{1b}b"] {
            assert!(check_line("title", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn text_keeps_line_breaks_and_tabs_but_not_other_c0() {
        check(check_text, "a\tb\r\nc\n", Ok(()));
        check(
            check_text,
            "\u{1b}[31m",
            Err(
                "the title contains the control character U+001B at character 1; remove it and try again",
            ),
        );
        assert!(check_text("body", "nul\u{0}").is_err());
        assert!(check_text("body", "bell\u{7}").is_err());
    }
}
