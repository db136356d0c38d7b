//! Fuzz target: any text through the lint's parser and every rule, against every built-in
//! template, plus the nesting budget (`properties::lint_markdown`).
#![no_main]

#[path = "../properties.rs"]
mod properties;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        properties::lint_markdown(text);
    }
});
