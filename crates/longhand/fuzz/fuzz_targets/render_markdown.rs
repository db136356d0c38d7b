//! Fuzz target: any text through `render::to_html` (comrak, then ammonia). Nothing may panic,
//! hang or overflow, and no `<script` may come out, whatever went in.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = longhand_core::render::to_html(text);
    assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
});
