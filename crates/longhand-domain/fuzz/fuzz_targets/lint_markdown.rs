//! Fuzz target: any text through the lint's parser and every rule, against every built-in
//! template, plus the nesting budget. Besides "nothing panics, hangs or overflows", the
//! budget must agree with itself: a text refused by `check_markdown` is exactly one whose
//! parsed body is marked too deep.
#![no_main]

use libfuzzer_sys::fuzz_target;
use longhand_domain::lint::{LintConfig, LintContext, ParsedDoc, lint};
use longhand_domain::nesting::check_markdown;
use longhand_domain::templates::builtins;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let body = ParsedDoc::parse_body(text);
    assert_eq!(check_markdown(text).err(), body.body().too_deep());
    let doc = ParsedDoc::parse(text);
    let ctx = LintContext {
        known_slugs: None,
        today: jiff::civil::date(2026, 3, 14),
    };
    let config = LintConfig::default();
    let _ = lint(&doc, None, &config, &ctx);
    for template in builtins() {
        let _ = lint(&doc, Some(template), &config, &ctx);
    }
});
