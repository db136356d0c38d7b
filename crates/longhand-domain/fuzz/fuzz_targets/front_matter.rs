//! Fuzz target: any text as a document file (front matter and body); whatever parses is
//! written back out and must read again (`properties::front_matter`).
#![no_main]

#[path = "../properties.rs"]
mod properties;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        properties::front_matter(text);
    }
});
