//! What a check-in answer may hold: *done*, *next* and a *note* (multi-line text), blockers
//! written `TEXT @handle` (who can unblock it) and help requests written `@handle QUESTION`
//! (who is asked). The same rules serve the web form, the API and `longhand checkin`.

use crate::names::Handle;
use crate::text;
use std::fmt;

/// The longest *done*, *next* or note, in characters.
pub const MAX_FIELD_CHARS: usize = 4_000;
/// The longest blocker text, in characters.
pub const MAX_BLOCKER_CHARS: usize = 500;
/// The longest help question, in characters (it becomes an ask's title).
pub const MAX_QUESTION_CHARS: usize = 200;
/// The most blockers, or help requests, one check-in holds.
pub const MAX_ITEMS: usize = 20;

/// A blocker as written: what blocks, and who can unblock it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedBlocker {
    pub text: String,
    pub owner: Handle,
}

/// A help request as written: who is asked, and the question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpRequest {
    pub to: Handle,
    pub question: String,
}

/// Why an answer was refused; the message tells the person what to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerError(String);

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AnswerError {}

fn refuse(message: impl Into<String>) -> AnswerError {
    AnswerError(message.into())
}

/// Checks *done*, *next* and the note, and that the answer says something: an empty check-in
/// is refused rather than recorded as "answered".
pub fn check_fields(
    fields: [(&str, &str); 3],
    blockers: usize,
    help: usize,
) -> Result<(), AnswerError> {
    for (name, value) in fields {
        text::check_text(name, value).map_err(|err| refuse(err.to_string()))?;
        if value.chars().count() > MAX_FIELD_CHARS {
            return Err(refuse(format!(
                "\"{name}\" can be at most {MAX_FIELD_CHARS} characters"
            )));
        }
    }
    for (what, count) in [("blockers", blockers), ("help requests", help)] {
        if count > MAX_ITEMS {
            return Err(refuse(format!(
                "a check-in can hold at most {MAX_ITEMS} {what}"
            )));
        }
    }
    let said = fields[..2].iter().any(|(_, v)| !v.trim().is_empty());
    if !said && blockers == 0 && help == 0 {
        return Err(refuse(
            "the check-in is empty: say what you did, what is next, or what blocks you",
        ));
    }
    Ok(())
}

/// Parses `TEXT @handle`: the last word names who can unblock it.
///
/// # Example
/// ```
/// use longhand_domain::checkins::parse_blocker;
/// let b = parse_blocker("Waiting for the staging DB @ops-ann").unwrap();
/// assert_eq!((b.text.as_str(), b.owner.as_str()), ("Waiting for the staging DB", "ops-ann"));
/// ```
pub fn parse_blocker(raw: &str) -> Result<NamedBlocker, AnswerError> {
    let raw = raw.trim();
    text::check_line("blocker", raw).map_err(|err| refuse(err.to_string()))?;
    let (text, owner) = match raw.rsplit_once(char::is_whitespace) {
        Some((text, last)) if last.starts_with('@') => (text.trim(), last),
        _ => {
            return Err(refuse(format!(
                "blocker \"{raw}\" must end with the @handle of who can unblock it, as in \"Waiting for the staging DB @ann\""
            )));
        }
    };
    NamedBlocker::new(text, owner)
}

impl NamedBlocker {
    /// A blocker from its parts (the API's `{"text", "owner"}`).
    pub fn new(text: &str, owner: &str) -> Result<NamedBlocker, AnswerError> {
        let text = text.trim();
        text::check_line("blocker", text).map_err(|err| refuse(err.to_string()))?;
        let owner = handle(owner, "blocker")?;
        check_length("blocker", text, MAX_BLOCKER_CHARS)?;
        Ok(NamedBlocker {
            text: text.to_owned(),
            owner,
        })
    }
}

/// Parses `@handle QUESTION`: the first word names who is asked.
///
/// # Example
/// ```
/// use longhand_domain::checkins::parse_help;
/// let h = parse_help("@bo Which region do we fail over to?").unwrap();
/// assert_eq!((h.to.as_str(), h.question.as_str()), ("bo", "Which region do we fail over to?"));
/// ```
pub fn parse_help(raw: &str) -> Result<HelpRequest, AnswerError> {
    let raw = raw.trim();
    text::check_line("help needed", raw).map_err(|err| refuse(err.to_string()))?;
    let (to, question) = match raw.split_once(char::is_whitespace) {
        Some((first, rest)) if first.starts_with('@') => (first, rest.trim()),
        _ => {
            return Err(refuse(format!(
                "help needed \"{raw}\" must start with the @handle of who can help, as in \"@bo Which region do we fail over to?\""
            )));
        }
    };
    HelpRequest::new(to, question)
}

impl HelpRequest {
    /// A help request from its parts (the API's `{"to", "question"}`).
    pub fn new(to: &str, question: &str) -> Result<HelpRequest, AnswerError> {
        let question = question.trim();
        text::check_line("question", question).map_err(|err| refuse(err.to_string()))?;
        let to = handle(to, "help needed")?;
        check_length("the question", question, MAX_QUESTION_CHARS)?;
        Ok(HelpRequest {
            to,
            question: question.to_owned(),
        })
    }
}

fn handle(raw: &str, what: &str) -> Result<Handle, AnswerError> {
    Handle::parse(raw).map_err(|err| refuse(format!("{what}: {err}")))
}

fn check_length(what: &str, text: &str, max: usize) -> Result<(), AnswerError> {
    if text.is_empty() {
        return Err(refuse(format!(
            "{what} needs some text besides the @handle"
        )));
    }
    if text.chars().count() > max {
        return Err(refuse(format!("{what} can be at most {max} characters")));
    }
    Ok(())
}
