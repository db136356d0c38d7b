//! Fuzz target: any text as a document file (front matter and body), and whatever parses is
//! written back out and read again. Nothing may panic, hang or overflow, and a document this
//! crate wrote must read back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use longhand_domain::docfile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = docfile::parse(text) else {
        return;
    };
    let written = docfile::render(&doc);
    assert!(
        docfile::parse(&written).is_ok(),
        "its own output did not read back: {written:?}"
    );
});
