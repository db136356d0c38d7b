//! Fuzz target: the ADR reader. The first line of the input is the file name, the rest the
//! file; it is detected, read as a record and imported into a document. The property is that
//! nothing panics, hangs or overflows.
#![no_main]

use libfuzzer_sys::fuzz_target;
use longhand_domain::adr;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (name, text) = input.split_once('\n').unwrap_or(("0001-fuzz.md", input));
    let _ = adr::is_adr_file(name, text);
    let _ = adr::detect(name, text);
    let _ = adr::slug_for("decisions", name);
    let _ = adr::parse(name, text);
    let _ = adr::parse_any(name, text);
    let _ = adr::import(name, text, "decisions");
});
