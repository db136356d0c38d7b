//! Fuzz target: any bytes through the parser, then an expansion within one file's step
//! budget (as the audit reads a calendar) and the JSON writer. The property is that nothing
//! panics, overflows, or takes long: a step must stay a small, bounded amount of work, so an
//! input that spends the whole budget still expands well within libFuzzer's timeout.
#![no_main]

use libfuzzer_sys::fuzz_target;
use longhand_ical::{Budget, MAX_STEPS_PER_FILE};

fuzz_target!(|data: &[u8]| {
    let Ok(cal) = longhand_ical::parse_bytes(data) else { return };
    let from = jiff::Timestamp::from_second(1_767_225_600).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let to = jiff::Timestamp::from_second(1_798_761_600).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    // Fewer occurrences than a file may have, so each run stays short; the steps are a
    // file's, so inputs that walk far without producing anything are found.
    let mut budget = Budget {
        occurrences: 10_000,
        steps: MAX_STEPS_PER_FILE,
    };
    let expansion = cal.expand_where(from, to, &mut budget, |_| true);
    let mut line = String::new();
    for o in &expansion.occurrences {
        line.clear();
        longhand_ical::json_line(&mut line, o);
    }
});
