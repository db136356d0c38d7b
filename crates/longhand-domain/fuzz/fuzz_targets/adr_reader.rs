//! Fuzz target: the ADR reader. The first line of the input is the file name, the rest the
//! file (`properties::adr_reader`).
#![no_main]

#[path = "../properties.rs"]
mod properties;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (name, text) = input.split_once('\n').unwrap_or(("0001-fuzz.md", input));
    properties::adr_reader(name, text);
});
