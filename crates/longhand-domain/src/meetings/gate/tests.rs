//! Gate tests. Every expected value was worked out by hand: the meeting starts Thursday
//! 12 March 2026 at 10:00 UTC, so its cutoff is Wednesday 11 March 10:00 UTC.

use std::collections::HashSet;

use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::documents::FieldValue;
use crate::lint::{LintConfig, LintContext, Severity, lint};
use crate::templates::{BuiltinKind, builtin};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn minutes(m: i64) -> Length {
    Length::from_minutes(m).unwrap()
}

fn facts(agenda: Option<&[AgendaPart]>) -> Facts {
    Facts {
        start: at("2026-03-12T10:00:00Z"),
        length: minutes(25),
        agenda_gaps: agenda.map(<[AgendaPart]>::to_vec),
        outcome_gaps: OutcomePart::ALL.to_vec(),
        outcome_recorded: false,
        flagged: false,
        cancelled: false,
    }
}

fn check_gate(facts: &Facts, now: &str, expect: Gate) {
    assert_eq!(gate(facts, at(now)), expect, "at {now}");
}

const FULL: &[AgendaPart] = &[];
const NO_PREREAD: &[AgendaPart] = &[AgendaPart::PreRead];

#[test]
fn lengths_outside_a_working_day_are_refused() {
    for bad in [0, -5, 481, 100_000] {
        assert_eq!(Length::from_minutes(bad), Err(GateError::Length(bad)));
    }
    assert_eq!(minutes(1).minutes(), 1);
    assert_eq!(minutes(480).duration(), SignedDuration::from_hours(8));
    assert_eq!(
        GateError::Length(0).to_string(),
        "a meeting lasts 1 to 480 minutes, not 0; book 25 or 50"
    );
}

#[test]
fn lengths_are_advised_to_the_nearest_standard_one() {
    let advice = |m| minutes(m).advice().map(|a| a.suggested.minutes());
    // (asked, suggested): short calls and the two standard lengths stand; 26–37 is nearer 25,
    // 38–49 nearer 50; anything longer is cut to 50.
    let cases = [
        (15, None),
        (25, None),
        (26, Some(25)),
        (30, Some(25)),
        (37, Some(25)),
        (38, Some(50)),
        (45, Some(50)),
        (50, None),
        (51, Some(50)),
        (60, Some(50)),
        (90, Some(50)),
        (480, Some(50)),
    ];
    for (asked, suggested) in cases {
        assert_eq!(advice(asked), suggested, "{asked} minutes");
    }
    assert_eq!(
        minutes(30).advice().unwrap().why,
        "Book 25 minutes, not 30: it ends 5 minutes sooner and leaves a break before the next meeting."
    );
    assert!(minutes(90).advice().unwrap().why.contains("Split the rest"));
}

#[test]
fn the_gate_follows_the_meeting_through_its_life() {
    let none = facts(None);
    check_gate(&none, "2026-03-10T10:00:00Z", Gate::NeedsAgenda);
    check_gate(&none, "2026-03-11T09:59:59Z", Gate::NeedsAgenda);
    check_gate(&none, "2026-03-11T10:00:00Z", Gate::Cancel(None));
    let partial = facts(Some(NO_PREREAD));
    check_gate(
        &partial,
        "2026-03-10T10:00:00Z",
        Gate::AgendaIncomplete(vec![AgendaPart::PreRead]),
    );
    check_gate(
        &partial,
        "2026-03-12T10:10:00Z",
        Gate::Cancel(Some(vec![AgendaPart::PreRead])),
    );
    let ready = facts(Some(FULL));
    check_gate(&ready, "2026-03-11T10:00:00Z", Gate::Ready { late: false });
    // The meeting ends at 10:25: from then on the outcome is what counts.
    check_gate(&ready, "2026-03-12T10:24:59Z", Gate::Ready { late: false });
    check_gate(
        &ready,
        "2026-03-12T10:25:00Z",
        Gate::OutcomeDue(OutcomePart::ALL.to_vec()),
    );
    check_gate(
        &none,
        "2026-03-12T10:25:00Z",
        Gate::OutcomeDue(OutcomePart::ALL.to_vec()),
    );
    let done = Facts {
        outcome_recorded: true,
        outcome_gaps: vec![],
        ..ready.clone()
    };
    check_gate(&done, "2026-03-13T00:00:00Z", Gate::Done);
}

#[test]
fn a_flag_stays_visible_once_the_agenda_comes_late() {
    let late = Facts {
        flagged: true,
        ..facts(Some(FULL))
    };
    check_gate(&late, "2026-03-11T12:00:00Z", Gate::Ready { late: true });
    assert!(Gate::Ready { late: true }.needs_action());
    assert!(!Gate::Ready { late: false }.needs_action());
}

#[test]
fn a_cancelled_meeting_stays_cancelled() {
    let cancelled = Facts {
        cancelled: true,
        ..facts(None)
    };
    for now in [
        "2026-03-10T00:00:00Z",
        "2026-03-11T11:00:00Z",
        "2026-03-20T00:00:00Z",
    ] {
        check_gate(&cancelled, now, Gate::Cancelled);
    }
    assert_eq!(
        check_open(&cancelled, at("2026-03-10T00:00:00Z")),
        Err(GateError::Cancelled)
    );
}

#[test]
fn badges_and_reasons_name_what_is_missing() {
    let cancel = Gate::Cancel(Some(vec![AgendaPart::DesiredOutcome, AgendaPart::PreRead]));
    assert_eq!(
        (cancel.key(), cancel.label()),
        ("cancel", "no agenda, cancel")
    );
    assert_eq!(
        cancel.reasons()[0],
        "24 hours before the start the agenda still lacked its desired outcome and pre-read."
    );
    let incomplete = Gate::AgendaIncomplete(AgendaPart::ALL.to_vec());
    assert_eq!(
        incomplete.reasons()[0],
        "The agenda still lacks its desired outcome, agenda and pre-read."
    );
    assert_eq!(incomplete.agenda_missing(), AgendaPart::ALL);
    let due = Gate::OutcomeDue(vec![OutcomePart::NextSteps]);
    assert_eq!(due.reasons()[1], "The notes still lack their next steps.");
    assert_eq!(due.outcome_missing(), [OutcomePart::NextSteps]);
}

#[test]
fn attendance_changes_until_the_end_but_not_for_the_organiser() {
    let f = facts(None);
    assert_eq!(
        check_attendance(&f, at("2026-03-12T10:10:00Z"), false),
        Ok(())
    );
    assert_eq!(
        check_attendance(&f, at("2026-03-12T10:10:00Z"), true),
        Err(GateError::OrganiserAttends)
    );
    assert_eq!(
        check_attendance(&f, at("2026-03-12T10:25:00Z"), false),
        Err(GateError::Over)
    );
}

#[test]
fn an_outcome_needs_a_started_meeting_and_both_sections() {
    let f = facts(Some(FULL));
    assert_eq!(
        check_outcome(&f, at("2026-03-12T09:59:59Z")),
        Err(GateError::NotStarted)
    );
    let err = check_outcome(&f, at("2026-03-12T10:00:00Z")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the outcome record still needs its decisions and next steps sections; write them in the notes first"
    );
    let written = Facts {
        outcome_gaps: vec![],
        ..f
    };
    assert_eq!(check_outcome(&written, at("2026-03-12T10:00:00Z")), Ok(()));
}

#[test]
fn a_start_in_the_past_and_a_blank_or_long_title_are_refused() {
    let now = at("2026-03-10T10:00:00Z");
    assert_eq!(
        check_start(at("2026-03-10T09:59:00Z"), now),
        Err(GateError::StartsInPast)
    );
    assert_eq!(check_start(now, now), Ok(()));
    assert_eq!(check_title("  Retro  "), Ok("Retro".to_owned()));
    assert_eq!(check_title(" "), Err(GateError::Title));
    assert_eq!(check_title(&"x".repeat(151)), Err(GateError::Title));
}

fn agenda_gaps_of(body: &str) -> Vec<AgendaPart> {
    let template = builtin(BuiltinKind::MeetingNotes);
    agenda_gaps(&ParsedDoc::parse(body), Some(template))
}

fn outcome_gaps_of(body: &str) -> Vec<OutcomePart> {
    let template = builtin(BuiltinKind::MeetingNotes);
    outcome_gaps(&ParsedDoc::parse(body), Some(template))
}

#[test]
fn the_template_skeleton_is_an_empty_agenda_and_outcome() {
    let skeleton = builtin(BuiltinKind::MeetingNotes).skeleton();
    assert_eq!(agenda_gaps_of(skeleton), AgendaPart::ALL);
    assert_eq!(outcome_gaps_of(skeleton), OutcomePart::ALL);
}

#[test]
fn sections_count_once_they_hold_writing() {
    let prepared = "## Desired outcome\n\nA go or no-go.\n\n## Agenda\n\n1. Results — @bo — 10 minutes.\n\n## Pre-read\n\n_[Links everyone reads.]_\n\n## Decisions\n\nTODO\n";
    assert_eq!(agenda_gaps_of(prepared), [AgendaPart::PreRead]);
    assert_eq!(outcome_gaps_of(prepared), OutcomePart::ALL);
    let aliases = "## Outcome\n\nPick a vendor.\n\n## Topics\n\n- Pricing\n\n## Pre-reading\n\nThe [[vendor-memo]].\n\n## Action items\n\n- Sign — @ana\n\n## Decision\n\nVendor B.\n";
    assert!(agenda_gaps_of(aliases).is_empty());
    assert!(outcome_gaps_of(aliases).is_empty());
    let example = include_str!("../../templates/examples/meeting-notes.md");
    assert!(agenda_gaps_of(example).is_empty());
    assert!(outcome_gaps_of(example).is_empty());
}

fn texts(body: &str) -> Vec<String> {
    decisions(body).into_iter().map(|d| d.text).collect()
}

#[test]
fn decisions_are_the_items_under_the_decisions_heading() {
    let body = "## Agenda\n\n- Not a decision\n\n## Decisions\n\nWe agreed:\n\n- Ship on\n  Tuesday.\n- [x] Freeze *main* on Monday.\n  - detail that stays in the notes\n- _[Each decision made.]_\n\n### Parked\n\n- Pricing stays as is.\n\n## Next steps\n\n- Tell support — @dee\n";
    assert_eq!(
        texts(body),
        [
            "Ship on Tuesday.",
            "Freeze main on Monday.",
            "Pricing stays as is."
        ]
    );
    let lines: Vec<u32> = decisions(body).iter().map(|d| d.line).collect();
    assert_eq!(lines, [9, 11, 17]);
    assert_eq!(next_steps(body), ["Tell support — @dee"]);
}

#[test]
fn without_a_list_each_paragraph_is_a_decision() {
    let body = "# Notes\n\n## Decisions\n\nGo, run by @bo.\n\nThe window is Tuesday night.\n\n# Appendix\n\nNot a decision.\n";
    assert_eq!(
        texts(body),
        ["Go, run by @bo.", "The window is Tuesday night."]
    );
}

#[test]
fn none_and_guidance_are_not_decisions() {
    for body in [
        "## Decisions\n\nNone.\n",
        "## Decisions\n\n- No decisions were made\n",
        "## Decisions\n\n_[Each decision made, who made it.]_\n",
        "## Decisions\n\n",
        "## Notes\n\n- Ship it\n",
    ] {
        assert!(texts(body).is_empty(), "{body:?}");
    }
}

#[test]
fn the_same_words_are_the_same_decision() {
    assert_eq!(decision_key("Ship  on\nTuesday."), "ship on tuesday");
    assert_eq!(
        decision_key("SHIP on Tuesday"),
        decision_key("ship on tuesday!")
    );
    assert_eq!(decision_key(&"a".repeat(400)).len(), 300);
}

fn source<'a>(deciders: &'a [String], steps: &'a [String]) -> RecordSource<'a> {
    RecordSource {
        meeting: "Storage go/no-go",
        date: date(2026, 3, 12),
        notes: "agenda-storage-go-no-go",
        deciders,
        next_steps: steps,
    }
}

#[test]
fn a_decision_record_is_complete_enough_to_accept() {
    let deciders = vec!["ana".to_owned(), "bo".to_owned()];
    let steps = vec!["Announce the window — @dee".to_owned()];
    let decision = Decision {
        text: "Go on Tuesday, run by Bo.".into(),
        line: 1,
    };
    let record = decision_record(&decision, &source(&deciders, &steps));
    assert_eq!(record.title, "Go on Tuesday, run by Bo");
    assert!(
        record
            .body
            .contains("## Decision\n\nGo on Tuesday, run by Bo.\n")
    );
    assert!(record.body.contains("- Announce the window — @dee"));
    let source_text = format!(
        "---\ntitle: {}\nkind: adr\nowner: '@ana'\nintent: {}\nstatus: accepted\ndate: 2026-03-12\ndeciders: [ana, bo]\n---\n{}",
        record.title, record.intent, record.body
    );
    let known: HashSet<String> = ["agenda-storage-go-no-go".to_owned()].into();
    let ctx = LintContext {
        known_slugs: Some(&known),
        today: date(2026, 3, 12),
    };
    let findings = lint(
        &ParsedDoc::parse(&source_text),
        Some(builtin(BuiltinKind::Adr)),
        &LintConfig::default(),
        &ctx,
    );
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_long_decision_gets_a_title_cut_at_a_word() {
    let text = "We will move every session read to the regional cache, keep the database as the fallback for reads during failover, and revisit after Q3 numbers.";
    let record = decision_record(
        &Decision {
            text: text.into(),
            line: 1,
        },
        &source(&[], &[]),
    );
    assert_eq!(
        record.title,
        // The first 120 characters end in "and ", a word boundary.
        "We will move every session read to the regional cache, keep the database as the fallback for reads during failover, and…"
    );
    assert!(record.title.chars().count() <= 121);
    assert!(
        record
            .body
            .contains("The next steps are in [[agenda-storage-go-no-go]].")
    );
}

#[test]
fn an_agenda_draft_names_the_meeting_and_its_people() {
    let invited = vec!["bo".to_owned(), "dee".to_owned()];
    let draft = agenda_draft("Storage go/no-go", date(2026, 3, 12), "ana", &invited);
    assert_eq!(draft.title, "Agenda: Storage go/no-go");
    assert_eq!(
        draft.fields,
        [
            ("date".to_owned(), FieldValue::Text("2026-03-12".into())),
            ("attendees".to_owned(), FieldValue::List(invited.clone())),
            ("facilitator".to_owned(), FieldValue::Text("ana".into())),
        ]
    );
}

#[test]
fn who_may_see_manage_and_record() {
    let nobody = Viewer {
        role: Role::Member,
        space_visible: false,
        organiser: false,
        listed: false,
        attending: false,
    };
    let rights = |v: Viewer| (can_see(v), can_manage(v), can_record(v));
    assert_eq!(rights(nobody), (false, false, false));
    let in_space = Viewer {
        space_visible: true,
        ..nobody
    };
    assert_eq!(rights(in_space), (true, false, false));
    let invited_outsider = Viewer {
        listed: true,
        ..nobody
    };
    assert_eq!(rights(invited_outsider), (true, false, false));
    let attendee = Viewer {
        listed: true,
        attending: true,
        ..nobody
    };
    assert_eq!(rights(attendee), (true, false, true));
    let organiser = Viewer {
        organiser: true,
        ..nobody
    };
    assert_eq!(rights(organiser), (true, true, true));
    let admin = Viewer {
        role: Role::Admin,
        ..in_space
    };
    assert_eq!(rights(admin), (true, true, true));
    // An admin outside a private space does not see its meetings.
    let outside_admin = Viewer {
        role: Role::Admin,
        ..nobody
    };
    assert_eq!(rights(outside_admin), (false, false, false));
}

#[test]
fn a_stored_body_opening_with_a_rule_is_read_as_sections() {
    let body = "---\ntopic: x\n---\n\n## Desired outcome\n\nA decision.\n\n## Agenda\n\n- One topic\n\n## Pre-read\n\n[[memo]]\n";
    assert!(agenda_gaps(&ParsedDoc::parse_body(body), None).is_empty());
    // As a file, the first lines would be front matter; as a body, "topic: x" above a rule
    // is a heading of its own.
    let headings = |doc: ParsedDoc| doc.body().headings().len();
    assert_eq!(headings(ParsedDoc::parse_body(body)), 4);
    assert_eq!(headings(ParsedDoc::parse(body)), 3);
}
