//! Fuzz target: any text as a member calendar (the JSON stored per member and sent by
//! clients). A calendar that reads must write out and read back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use longhand_core::formats::calendar_json::CalendarJson;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(calendar) = CalendarJson::parse_text(text) else {
        return;
    };
    let written = CalendarJson::text_of(&calendar);
    assert!(CalendarJson::parse_text(&written).is_ok(), "{written}");
});
