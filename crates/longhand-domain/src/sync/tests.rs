//! Table tests of sync escalation: which histories go in circles (and the near misses), the
//! suggestion's states, whom a round closing on objections suggests a call for, the checks of
//! a call record, the outcome's urgency and the suggested quarter hour.

use super::*;
use crate::asks::Charter;
use crate::calendar::{DateRange, FocusBlock, TimeRange, WeeklyHours};
use jiff::civil::Weekday;
use jiff::tz::TimeZone;

/// A history written as letters: each letter a comment by that person, `|` a settlement.
fn history(text: &str) -> Vec<Turn<char>> {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c == '|' {
                Turn::Settled
            } else {
                Turn::Comment(c)
            }
        })
        .collect()
}

/// `expect` is "" for no circle, else the two people in order and the run's length ("ab 6").
fn check(text: &str, state: ThreadState, expect: &str) {
    let found = circling(&history(text), state)
        .map(|c| format!("{}{} {}", c.people[0], c.people[1], c.turns))
        .unwrap_or_default();
    assert_eq!(found, expect, "history {text:?} ({state:?})");
}

#[test]
fn six_alternating_turns_between_two_people_go_in_circles() {
    use ThreadState::Open;
    check("ab ab ab", Open, "ab 6");
    check("ba ba ba", Open, "ba 6");
    check("ab ab ab a", Open, "ab 7");
    check("ab ab ab ab ab ab", Open, "ab 12");
    // What came before the run does not matter: a third voice, a double post, a settlement.
    check("c ab ab ab", Open, "ab 6");
    check("a ab ab ab", Open, "ab 6");
    check("ab | ab ab ab", Open, "ab 6");
}

#[test]
fn near_misses_do_not() {
    use ThreadState::Open;
    check("", Open, "");
    check("a", Open, "");
    check("ab ab a", Open, "");
    // Five turns, however they started.
    check("ba ba b", Open, "");
    // A third person interrupting the run.
    check("ab ac ab ab", Open, "");
    check("ab ab c ab", Open, "");
    check("ab ab ab c", Open, "");
    // The same person twice in a row.
    check("ab ab ba ba", Open, "");
    check("ab ab ab b", Open, "");
    check("aaaaaa", Open, "");
    // A dismissal or a recorded call inside the run, or after it.
    check("ab a | b ab", Open, "");
    check("ab ab ab |", Open, "");
}

#[test]
fn a_resolved_or_elevated_thread_is_settled() {
    check("ab ab ab", ThreadState::Resolved, "");
    check("ab ab ab ab", ThreadState::Elevated, "");
}

#[test]
fn only_an_open_suggestion_is_dismissed_or_called() {
    use SuggestionAction::{Dismiss, RecordCall};
    use SuggestionState::{Called, Dismissed, Open};
    let cases = [
        (Open, Dismiss, Ok(Dismissed)),
        (Open, RecordCall, Ok(Called)),
        (
            Dismissed,
            Dismiss,
            Err("this call suggestion was dismissed, so it cannot be dismissed"),
        ),
        (
            Dismissed,
            RecordCall,
            Err("this call suggestion was dismissed, so it cannot be turned into a call"),
        ),
        (
            Called,
            Dismiss,
            Err("this call suggestion already has its call recorded, so it cannot be dismissed"),
        ),
        (
            Called,
            RecordCall,
            Err(
                "this call suggestion already has its call recorded, so it cannot be turned into a call",
            ),
        ),
    ];
    for (from, action, expect) in cases {
        let got = from.apply(action).map_err(|e| e.to_string());
        assert_eq!(got, expect.map_err(str::to_owned), "{from:?} {action:?}");
    }
    for state in [Open, Dismissed, Called] {
        assert_eq!(SuggestionState::parse(state.as_str()), Some(state));
    }
    assert_eq!(SuggestionState::parse("closed"), None);
}

#[test]
fn reasons_read_back_and_say_what_they_suggest() {
    for reason in [Reason::Circles, Reason::Objections] {
        assert_eq!(Reason::parse(reason.as_str()), Some(reason));
        assert!(reason.headline().contains("15-minute call"));
    }
    assert_eq!(
        Reason::Circles.headline(),
        "This thread is going in circles — a 15-minute call may settle it"
    );
    assert_eq!(Reason::parse("boredom"), None);
}

/// A round's close as letters: the owner, the objectors, the people of the suggestion still
/// open ("-" for none); `expect` is "nothing", "keep", "suggest abc", "replace abc" or
/// "replace" (retire only).
fn check_close(owner: char, objectors: &str, open: &str, expect: &str) {
    let objectors: Vec<char> = objectors.chars().collect();
    let open: Option<Vec<char>> = (open != "-").then(|| open.chars().collect());
    let letters = |people: &[char]| people.iter().collect::<String>();
    let found = match at_round_close(owner, &objectors, open.as_deref()) {
        CloseStep::Nothing => "nothing".to_owned(),
        CloseStep::Keep => "keep".to_owned(),
        CloseStep::Suggest(people) => format!("suggest {}", letters(&people)),
        CloseStep::Replace(Some(people)) => format!("replace {}", letters(&people)),
        CloseStep::Replace(None) => "replace".to_owned(),
    };
    assert_eq!(
        found, expect,
        "owner {owner}, objectors {objectors:?}, open {open:?}"
    );
}

#[test]
fn a_round_closing_on_objections_suggests_one_call_with_the_owner_and_every_objector() {
    check_close('a', "", "-", "nothing");
    check_close('a', "b", "-", "suggest ab");
    check_close('a', "bc", "-", "suggest abc");
    // The owner objecting to their own proposal is nobody to call.
    check_close('a', "a", "-", "nothing");
    check_close('a', "ba", "-", "suggest ab");
    // Someone listed twice (asked as a reviewer and as a decider) is named once.
    check_close('a', "bb", "-", "suggest ab");
}

#[test]
fn a_call_names_at_most_twelve_people_the_owner_first() {
    check_close('a', "bcdefghijklmnop", "-", "suggest abcdefghijkl");
    assert_eq!(MAX_PEOPLE, 12);
}

#[test]
fn a_suggestion_left_open_by_an_earlier_close_stands_or_is_replaced() {
    // Reopened and closed again on the same objections: the open suggestion stands.
    check_close('a', "b", "ab", "keep");
    check_close('a', "cb", "abc", "keep");
    // Other people object now: a new suggestion replaces it.
    check_close('a', "c", "ab", "replace ac");
    check_close('a', "bc", "ab", "replace abc");
    // Every objection was withdrawn: it is retired and nothing replaces it.
    check_close('a', "", "ab", "replace");
    check_close('a', "a", "ab", "replace");
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn check_call_of(held: &str, people: &[&str], owner: &str, note: &str) -> Result<(), String> {
    let call = CallFacts {
        held_at: at(held),
        people,
        owner: &owner,
        note,
    };
    check_call(
        &call,
        at("2026-03-10T10:00:00.5Z"),
        at("2026-03-09T08:00:00Z"),
    )
    .map_err(|e| e.to_string())
}

/// A call record (held at, people, owner, note) and what the check says.
type CallCase<'a> = (
    &'a str,
    &'a [&'a str],
    &'a str,
    &'a str,
    Result<(), &'a str>,
);

#[test]
fn a_call_record_is_checked() {
    let long = "x".repeat(MAX_NOTE_CHARS + 1);
    let many: Vec<String> = (0..=MAX_PEOPLE).map(|i| format!("p{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let cases: [CallCase<'_>; 9] = [
        ("2026-03-10T09:30:00Z", &["ana", "ben"], "ana", "", Ok(())),
        (
            "2026-03-10T10:00:00.5Z",
            &["ana", "ben", "cy"],
            "cy",
            "Agreed on B",
            Ok(()),
        ),
        ("2026-03-09T08:00:00Z", &["ana", "ben"], "ben", "", Ok(())),
        (
            "2026-03-10T10:00:00.500001Z",
            &["ana", "ben"],
            "ana",
            "",
            Err("a call can be recorded once it has happened; that time is still ahead"),
        ),
        (
            "2026-03-09T07:59:59Z",
            &["ana", "ben"],
            "ana",
            "",
            Err("the call is dated before the discussion it settles began"),
        ),
        (
            "2026-03-10T09:00:00Z",
            &["ana"],
            "ana",
            "",
            Err("a call is between 2 and 12 people; 1 were named"),
        ),
        (
            "2026-03-10T09:00:00Z",
            &["ana", "ana"],
            "ana",
            "",
            Err("someone is named twice on the call"),
        ),
        (
            "2026-03-10T09:00:00Z",
            &["ana", "ben"],
            "cy",
            "",
            Err("the person who writes the outcome must be one of the people on the call"),
        ),
        (
            "2026-03-10T09:00:00Z",
            &["ana", "ben"],
            "ana",
            &long,
            Err("a call's note can be at most 2000 characters"),
        ),
    ];
    for (held, people, owner, note, expect) in cases {
        let got = check_call_of(held, people, owner, note);
        assert_eq!(
            got,
            expect.map_err(str::to_owned),
            "{held} {people:?} {owner}"
        );
    }
    let got = check_call_of("2026-03-10T09:00:00Z", &many, "p0", "");
    assert_eq!(
        got,
        Err("a call is between 2 and 12 people; 13 were named".to_owned())
    );
}

fn level(key: &str, target: Target, urgent: bool) -> UrgencyLevel {
    UrgencyLevel {
        key: key.to_owned(),
        name: key.to_uppercase(),
        target,
        counts_as_urgent: urgent,
    }
}

fn charter(levels: Vec<UrgencyLevel>) -> Charter {
    Charter::new(levels, String::new(), 0.1, 0.75, vec![]).unwrap()
}

#[test]
fn the_outcome_is_due_in_one_business_day_under_the_teams_own_level() {
    let day = Target::Business(BusinessDuration::Days(1));
    let two_days = Target::Business(BusinessDuration::Days(2));
    let four_hours = Target::Business(BusinessDuration::Working(SignedDuration::from_hours(4)));
    let cases = [
        (Charter::standard(), "normal"),
        // A team whose "normal" is two days still owes the outcome in one.
        (
            charter(vec![
                level("urgent", four_hours, true),
                level("normal", two_days, false),
            ]),
            "normal",
        ),
        (
            charter(vec![
                level("urgent", four_hours, true),
                level("routine", two_days, false),
            ]),
            "routine",
        ),
        (charter(vec![level("urgent", four_hours, true)]), "urgent"),
    ];
    for (charter, key) in cases {
        let got = outcome_level(&charter);
        assert_eq!(
            (got.key.as_str(), got.target, got.counts_as_urgent),
            (key, day, false)
        );
    }
}

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

/// Monday to Friday 09:00–17:00 in `name`, with the time off and focus blocks given.
fn person(name: &str, off: &[(&str, &str)], focus: &[(&str, &str)]) -> Calendar {
    let day = vec![TimeRange::parse("09:00-17:00").unwrap()];
    let mut days: [Vec<TimeRange>; 7] = Default::default();
    for slot in days.iter_mut().take(5) {
        *slot = day.clone();
    }
    let off = off
        .iter()
        .map(|(a, b)| DateRange::new(a.parse().unwrap(), b.parse().unwrap()).unwrap())
        .collect();
    let weekdays = vec![
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
    ];
    let focus = focus
        .iter()
        .map(|(a, b)| {
            FocusBlock::new(weekdays.clone(), a.parse().unwrap(), b.parse().unwrap()).unwrap()
        })
        .collect();
    Calendar::new(
        zone(name),
        WeeklyHours::new(days).unwrap(),
        vec![],
        off,
        focus,
    )
    .unwrap()
}

fn check_time(calendars: &[Calendar], now: &str, expect: Option<&str>) {
    let got = suggest_time(calendars, at(now)).map(|t| t.to_string());
    assert_eq!(got.as_deref(), expect, "from {now}");
}

#[test]
fn the_call_goes_in_the_first_shared_quarter_hour_outside_focus() {
    // Tuesday 10 March 2026: Berlin is UTC+1, New York already UTC−4, so both work
    // 13:00–16:00 UTC (14:00–17:00 in Berlin, 09:00–12:00 in New York).
    let berlin = person("Europe/Berlin", &[], &[]);
    let new_york = person("America/New_York", &[], &[]);
    let both = [berlin.clone(), new_york.clone()];
    check_time(
        &both,
        "2026-03-10T10:00:00.123456Z",
        Some("2026-03-10T13:00:00Z"),
    );
    check_time(
        &both,
        "2026-03-10T13:07:12.5Z",
        Some("2026-03-10T13:15:00Z"),
    );
    check_time(&both, "2026-03-10T13:15:00Z", Some("2026-03-10T13:15:00Z"));
    // Too late for a whole quarter hour today: tomorrow's first.
    check_time(
        &both,
        "2026-03-10T15:45:00.000001Z",
        Some("2026-03-11T13:00:00Z"),
    );
    // Friday evening: Monday.
    check_time(&both, "2026-03-13T17:00:00Z", Some("2026-03-16T13:00:00Z"));
    let focused = person("Europe/Berlin", &[], &[("14:00", "15:10")]);
    check_time(
        &[focused, new_york.clone()],
        "2026-03-10T10:00:00Z",
        Some("2026-03-10T14:15:00Z"),
    );
    let always = person("Europe/Berlin", &[], &[("09:00", "17:00")]);
    check_time(
        &[always, new_york.clone()],
        "2026-03-10T10:00:00Z",
        Some("2026-03-10T13:00:00Z"),
    );
    let away = person("Europe/Berlin", &[("2026-03-10", "2026-03-11")], &[]);
    check_time(
        &[away, new_york],
        "2026-03-10T10:00:00Z",
        Some("2026-03-12T13:00:00Z"),
    );
}

#[test]
fn people_who_never_work_at_the_same_time_get_no_suggestion() {
    let tokyo = person("Asia/Tokyo", &[], &[]);
    let los_angeles = person("America/Los_Angeles", &[], &[]);
    check_time(&[tokyo, los_angeles], "2026-03-10T10:00:00Z", None);
    check_time(&[], "2026-03-10T10:00:00Z", None);
}

#[test]
fn quarter_hours_round_up_and_keep_no_fraction() {
    let cases = [
        ("2026-03-10T10:00:00Z", "2026-03-10T10:00:00Z"),
        ("2026-03-10T10:00:00.000001Z", "2026-03-10T10:15:00Z"),
        ("2026-03-10T10:14:59.999999Z", "2026-03-10T10:15:00Z"),
        ("2026-03-10T23:50:00Z", "2026-03-11T00:00:00Z"),
    ];
    for (from, expect) in cases {
        assert_eq!(next_quarter(at(from)).unwrap().to_string(), expect);
    }
}
