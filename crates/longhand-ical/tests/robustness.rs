//! Robustness: hostile and mangled input must never panic the parser or the expander.
//!
//! Two complementary generators: a deterministic mutation loop over the differential corpus
//! (real-looking files with one or more defects, so the deep paths run), and proptest over
//! iCalendar-shaped random lines (so odd combinations of properties and values appear).

use jiff::Timestamp;
use proptest::prelude::*;

/// A tiny xorshift generator: deterministic, so a failure reproduces from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Values that have broken calendar software before: extremes, empties, wrong types.
const NASTY: &[&str] = &[
    "FREQ=SECONDLY",
    "FREQ=MINUTELY;BYSECOND=1,2,3;BYSETPOS=-1",
    "BYSETPOS=-366,366",
    "COUNT=0",
    "COUNT=9223372036854775807",
    "INTERVAL=4294967295",
    "BYDAY=53MO,-53SU",
    "BYWEEKNO=-53;BYYEARDAY=-366",
    "BYMONTHDAY=31;BYMONTH=2",
    "UNTIL=00010101",
    "UNTIL=99991231T235959Z",
    "99991231T235959Z",
    "00010101T000000",
    "20260229",
    "P9999999W",
    "-PT1S",
    "TZID=",
    "TZID=\"",
    "TZID=../../../../etc/passwd",
    "VALUE=PERIOD",
    "RANGE=THISANDFUTURE",
    ";",
    ":",
    ",",
    "\r\n ",
    "\n\t",
    "\\",
    "BEGIN:VEVENT",
    "END:VEVENT",
    "BEGIN:VTIMEZONE",
    "END:VCALENDAR",
    "RRULE:FREQ=HOURLY;BYHOUR=25",
    "RDATE;VALUE=PERIOD:20260101T000000Z/P99999W",
    "TZOFFSETTO:+9999",
    "é\u{0}\u{feff}",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for _ in 0..1 + rng.below(4) {
        let i = rng.below(lines.len());
        match rng.below(6) {
            0 => {
                lines.remove(i.min(lines.len().saturating_sub(1)));
            }
            1 => {
                let copy = lines.get(i).cloned().unwrap_or_default();
                lines.insert(i, copy);
            }
            2 => {
                let (j, last) = (rng.below(lines.len()), lines.len().saturating_sub(1));
                if !lines.is_empty() {
                    lines.swap(i.min(last), j.min(last));
                }
            }
            3 => {
                let nasty = NASTY[rng.below(NASTY.len())];
                if let Some(line) = lines.get_mut(i) {
                    let at = (0..=line.len())
                        .filter(|&k| line.is_char_boundary(k))
                        .nth(rng.below(line.len() + 1))
                        .unwrap_or(0);
                    line.insert_str(at, nasty);
                }
            }
            4 => {
                if let Some(line) = lines.get_mut(i) {
                    let keep = rng.below(line.len() + 1);
                    *line = line.chars().take(keep).collect();
                }
            }
            _ => {
                let nasty = NASTY[rng.below(NASTY.len())];
                if let Some(line) = lines.get_mut(i)
                    && let Some((name, _)) = line.split_once(':')
                {
                    *line = format!("{name}:{nasty}");
                }
            }
        }
    }
    lines.join(if rng.below(2) == 0 { "\n" } else { "\r\n" })
}

/// Parses and expands; the assertion is that this returns at all.
fn exercise(text: &str) {
    let Ok(cal) = longhand_ical::parse(text) else {
        return;
    };
    let from = Timestamp::from_second(1_767_225_600).unwrap_or(Timestamp::UNIX_EPOCH);
    let to = Timestamp::from_second(1_769_904_000).unwrap_or(Timestamp::UNIX_EPOCH);
    let mut buf = String::new();
    for o in cal.iter_occurrences(from, to).take(2_000) {
        longhand_ical::json_line(&mut buf, &o);
        buf.clear();
    }
}

#[test]
fn mutated_corpus_never_panics() {
    // The differential corpus, and the fuzz seeds: damaged files (mistyped ENDs, content
    // outside the VCALENDAR, stale overrides) that the corpus cannot hold, since Python's
    // reader refuses some of them.
    let dirs = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/parse_expand"),
    ];
    let mut files: Vec<_> = dirs
        .iter()
        .flat_map(|dir| {
            std::fs::read_dir(dir)
                .map(|d| {
                    d.filter_map(Result::ok)
                        .map(|e| e.path())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .collect();
    files.sort();
    assert!(files.len() >= 11, "corpus or seeds not found in {dirs:?}");
    for (n, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (n as u64 + 1));
        for _ in 0..150 {
            exercise(&mutate(&mut rng, &text));
        }
    }
}

#[test]
fn rules_from_the_nasty_list_never_panic() {
    for a in NASTY {
        for b in NASTY {
            let text = format!(
                "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART;TZID=Europe/Berlin:20260105T090000\nRRULE:FREQ=DAILY;{a};{b}\nEXDATE:{b}\nRDATE:{a}\nEND:VEVENT\nEND:VCALENDAR\n"
            );
            exercise(&text);
        }
    }
}

/// One iCalendar-shaped line: a known property, optional parameters, and a value that is
/// sometimes well-formed and sometimes not.
fn line() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "BEGIN",
        "END",
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "RDATE",
        "EXDATE",
        "RECURRENCE-ID",
        "UID",
        "SUMMARY",
        "STATUS",
        "ATTENDEE",
        "TZID",
        "TZOFFSETFROM",
        "TZOFFSETTO",
        "SEQUENCE",
        "X-WR-TIMEZONE",
    ]);
    let param = prop::sample::select(vec![
        "",
        ";TZID=Europe/Berlin",
        ";TZID=\"Pacific Standard Time\"",
        ";VALUE=DATE",
        ";VALUE=PERIOD",
        ";RANGE=THISANDFUTURE",
        ";TZID=Nowhere",
        ";CN=\"a;b:c\"",
    ]);
    let value = prop_oneof![
        prop::sample::select(vec![
            "VCALENDAR",
            "VEVENT",
            "VTIMEZONE",
            "STANDARD",
            "DAYLIGHT",
            "20260105T090000",
            "20260105T090000Z",
            "20260105",
            "PT1H",
            "+0100",
            "CANCELLED",
        ])
        .prop_map(str::to_owned),
        "FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;(COUNT|INTERVAL)=[0-9]{1,4})?(;BY(DAY|MONTHDAY|SETPOS|WEEKNO|YEARDAY|HOUR|MONTH)=-?[0-9]{0,3}(MO|SU)?)*",
        "[ -~]{0,30}",
    ];
    (name, param, value).prop_map(|(n, p, v)| format!("{n}{p}:{v}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn shaped_random_calendars_never_panic(lines in prop::collection::vec(line(), 0..40)) {
        let text = format!("BEGIN:VCALENDAR\n{}\nEND:VCALENDAR\n", lines.join("\n"));
        exercise(&text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        exercise(&text);
        exercise(&format!("BEGIN:VCALENDAR\n{text}"));
    }

    #[test]
    fn arbitrary_rules_never_panic(rule in "[A-Z=;,0-9-]{0,60}") {
        if let Ok(r) = longhand_ical::Rule::parse(&rule) {
            let start = longhand_ical::Moment::Local(jiff::civil::date(2026, 1, 5).at(9, 0, 0, 0));
            let _ = r.instances(start).take(500).count();
        }
    }
}

/// Runs `f` on a thread with a 256 KiB stack, so recursion that a deep input drives overflows
/// (and aborts the test binary) at sizes a test can afford.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawning a test thread")
        .join()
        .expect("the test thread panicked")
}

/// `BEGIN:X` nested `depth` levels inside a calendar, closed again, with an event inside.
fn nested(depth: usize, open: &str, close: &str) -> String {
    let mut text = String::from("BEGIN:VCALENDAR\r\n");
    text.push_str(&format!("BEGIN:{open}\r\n").repeat(depth));
    text.push_str("BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20260105T090000Z\r\nEND:VEVENT\r\n");
    text.push_str(&format!("END:{close}\r\n").repeat(depth));
    text.push_str("END:VCALENDAR\r\n");
    text
}

#[test]
fn a_hundred_thousand_nested_components_are_refused_not_a_crash() {
    let result = on_small_stack(|| longhand_ical::parse(&nested(100_000, "X", "X")).map(|_| ()));
    let err = result.expect_err("refused");
    assert!(err.message.contains("nested more than"), "{err}");
    assert_eq!(err.line, 1 + longhand_ical::MAX_NESTING, "{err}");
}

#[test]
fn deep_unmatched_ends_are_refused_not_scanned_quadratically() {
    // 20,000 open blocks each met by an END that names no open block: without a bound, every
    // END scans the whole stack. The bound refuses the file at the first block past it.
    let err = longhand_ical::parse(&nested(20_000, "X", "Y")).expect_err("refused");
    assert_eq!(err.line, 1 + longhand_ical::MAX_NESTING, "{err}");
}

#[test]
fn nesting_up_to_the_budget_still_reads() {
    // The calendar itself is one level, so the budget leaves MAX_NESTING - 2 blocks around
    // the event.
    let depth = longhand_ical::MAX_NESTING - 2;
    assert!(longhand_ical::parse(&nested(depth, "X", "X")).is_ok());
    assert!(longhand_ical::parse(&nested(depth + 2, "X", "X")).is_err());
}
