//! Fuzz target: any bytes through the parser, then a bounded expansion and the JSON writer.
//! The property is simply that nothing panics, hangs or overflows.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(cal) = longhand_ical::parse_bytes(data) else { return };
    let from = jiff::Timestamp::from_second(1_767_225_600).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let to = jiff::Timestamp::from_second(1_798_761_600).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let mut line = String::new();
    for o in cal.iter_occurrences(from, to).take(10_000) {
        line.clear();
        longhand_ical::json_line(&mut line, &o);
    }
});
