//! What went wrong while reading a calendar, in one shape for every surface: `longhand audit`
//! and `audit expand` print each problem on stderr, the upload and the feed answer with them,
//! the Meetings page lists them, and the audit report carries them.
//!
//! A problem names its file and, when it has one, the 1-based line: `team.ics:16: VEVENT
//! without DTSTART skipped`. Problems that belong to no line (a budget that ran out) read
//! `team.ics: …`. A calendar with problems but with events is used, and its problems are
//! warnings; a calendar without a single event is not used at all, and the error says so
//! with [`no_usable_events`].

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How many problems on a line an answer, a report or a stored calendar lists per file before
/// it only counts the rest.
pub const PROBLEMS_LISTED: usize = 10;

/// One problem met while reading a calendar, and what was done about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// The calendar's name: the file as given, the upload's name, or `@handle's feed`.
    pub file: String,
    /// The 1-based line the problem starts on, when it has one.
    pub line: Option<usize>,
    /// What was wrong and what was done, e.g. "VEVENT without DTSTART skipped".
    pub message: String,
}

impl Problem {
    /// A problem on a line of `file`.
    pub fn at(file: &str, line: usize, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_owned(),
            line: Some(line),
            message: message.into(),
        }
    }

    /// A problem of the whole of `file`.
    pub fn of(file: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_owned(),
            line: None,
            message: message.into(),
        }
    }

    /// An item the parser skipped or read with a fallback.
    pub fn skipped(file: &str, skipped: &longhand_ical::Skipped) -> Problem {
        Problem::at(file, skipped.line, skipped.reason.clone())
    }

    /// Text that is not iCalendar at all.
    pub fn unreadable(file: &str, err: &longhand_ical::ParseError) -> Problem {
        Problem::at(file, err.line, err.message.clone())
    }
}

/// `FILE:LINE: message`, or `FILE: message` without a line.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// The error for a calendar from which nothing could be used: `FILE: no usable events (N
/// problems)`.
pub fn no_usable_events(file: &str, problems: usize) -> String {
    let noun = if problems == 1 { "problem" } else { "problems" };
    format!("{file}: no usable events ({problems} {noun})")
}

/// Whether a parsed calendar gave anything to use: at least one event.
pub fn usable(calendar: &longhand_ical::Calendar) -> bool {
    !calendar.series.is_empty()
}

/// The problems of each file as a list shows them: every problem of the whole file (a budget
/// that ran out is worth seeing however many events were skipped), the first `max` problems
/// on a line, then one problem counting the lines left out, so a calendar with thousands of
/// broken events cannot swell a report or a stored row.
pub fn listed(problems: &[Problem], max: usize) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < problems.len() {
        let file = &problems[start].file;
        let len = problems[start..]
            .iter()
            .take_while(|p| &p.file == file)
            .count();
        listed_of_one(&problems[start..start + len], max, &mut out);
        start += len;
    }
    out
}

/// [`listed`] for the problems of one file.
fn listed_of_one(problems: &[Problem], max: usize, out: &mut Vec<Problem>) {
    let mut on_lines = 0;
    for problem in problems {
        if problem.line.is_some() {
            on_lines += 1;
            if on_lines > max {
                continue;
            }
        }
        out.push(problem.clone());
    }
    if on_lines > max {
        out.push(Problem::of(&problems[0].file, more(on_lines - max)));
    }
}

/// The problems that say why a calendar gave nothing to use: its own, or, when reading it met
/// none, that it holds no event at all.
pub fn why_unusable(file: &str, problems: &[Problem]) -> Vec<Problem> {
    if problems.is_empty() {
        return vec![Problem::of(file, "the file holds no events (VEVENT)")];
    }
    problems.to_vec()
}

/// The problems kept with a stored calendar (an upload, or a feed's last fetch): how many
/// there were, and the first [`PROBLEMS_LISTED`] of them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProblemList {
    pub count: usize,
    pub listed: Vec<Problem>,
}

impl ProblemList {
    /// The list kept of `all`.
    pub fn new(all: &[Problem]) -> ProblemList {
        ProblemList {
            count: all.len(),
            listed: listed(all, PROBLEMS_LISTED),
        }
    }

    /// The listed problems as stored: a JSON array of `{file, line, message}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.listed).unwrap_or_else(|_| "[]".to_owned())
    }

    /// The list as stored, `None` for a row from before problems were kept. Stored text that
    /// does not read back (it never should) lists nothing rather than failing the page.
    pub fn from_stored(count: Option<i64>, json: Option<&str>) -> Option<ProblemList> {
        let count = usize::try_from(count?).unwrap_or(0);
        let listed = json
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default();
        Some(ProblemList { count, listed })
    }
}

fn more(n: usize) -> String {
    match n {
        1 => "1 more problem not listed".to_owned(),
        n => format!("{n} more problems not listed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_reads_file_colon_line() {
        assert_eq!(
            Problem::at("team.ics", 16, "VEVENT without DTSTART skipped").to_string(),
            "team.ics:16: VEVENT without DTSTART skipped"
        );
        assert_eq!(
            Problem::of("team.ics", "2 series cut short").to_string(),
            "team.ics: 2 series cut short"
        );
        assert_eq!(
            no_usable_events("a.ics", 1),
            "a.ics: no usable events (1 problem)"
        );
        assert_eq!(
            no_usable_events("a.ics", 3),
            "a.ics: no usable events (3 problems)"
        );
    }

    #[test]
    fn a_problem_list_reads_back_as_stored() {
        let all = [Problem::at("a.ics", 3, "x"), Problem::of("a.ics", "y")];
        let kept = ProblemList::new(&all);
        let back = ProblemList::from_stored(Some(2), Some(&kept.to_json()));
        assert_eq!(back, Some(kept));
        assert_eq!(ProblemList::from_stored(None, None), None);
    }

    #[test]
    fn listing_keeps_the_first_problems_of_each_file_and_counts_the_rest() {
        let mut all: Vec<Problem> = (1..=4).map(|l| Problem::at("a.ics", l, "x")).collect();
        all.push(Problem::of("a.ics", "budget spent"));
        all.push(Problem::at("b.ics", 9, "y"));
        let shown: Vec<String> = listed(&all, 2).iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            [
                "a.ics:1: x",
                "a.ics:2: x",
                "a.ics: budget spent",
                "a.ics: 2 more problems not listed",
                "b.ics:9: y"
            ]
        );
    }
}
