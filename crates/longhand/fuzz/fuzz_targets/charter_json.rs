//! Fuzz target: any text as a team charter's JSON. A charter that reads must write out and
//! read back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use longhand_core::formats::charter_json::CharterJson;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(charter) = CharterJson::parse_text(text) else {
        return;
    };
    let written = CharterJson::text_of(&charter);
    assert!(CharterJson::parse_text(&written).is_ok(), "{written}");
});
