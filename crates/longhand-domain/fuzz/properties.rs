//! The properties the fuzz targets check, one function per target, shared with the seed smoke
//! `cargo test` runs (`tests/fuzz_seeds.rs`), so both hold inputs to the same rules. Each
//! panics when its property fails; "nothing panics, hangs or overflows" is part of each.

// Each target includes this file and calls one of these.
#![allow(dead_code)]

use longhand_domain::lint::{LintConfig, LintContext, ParsedDoc, lint};
use longhand_domain::nesting::check_markdown;
use longhand_domain::search::{MAX_INPUT_CHARS, MAX_TERMS, MAX_WORD_CHARS, Term, parse};
use longhand_domain::templates::builtins;
use longhand_domain::{adr, docfile};

/// Any text through the lint's parser and every rule, against every built-in template; the
/// nesting budget must agree with itself: a text refused by `check_markdown` is exactly one
/// whose parsed body is marked too deep.
pub fn lint_markdown(text: &str) {
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
}

/// Any text as a document file; whatever parses is written back out and must read again.
pub fn front_matter(text: &str) {
    let Ok(doc) = docfile::parse(text) else {
        return;
    };
    let written = docfile::render(&doc);
    assert!(
        docfile::parse(&written).is_ok(),
        "its own output did not read back: {written:?}"
    );
}

/// An ADR file named `name`: detected, read as a record and imported into a document.
pub fn adr_reader(name: &str, text: &str) {
    let _ = adr::is_adr_file(name, text);
    let _ = adr::detect(name, text);
    let _ = adr::slug_for("decisions", name);
    let _ = adr::parse(name, text);
    let _ = adr::parse_any(name, text);
    let _ = adr::import(name, text, "decisions");
}

/// Any text as a search box query: the parser never fails, and every budget holds (at most
/// `MAX_TERMS` terms and filters, no word longer than `MAX_WORD_CHARS`, a note whenever the
/// input was longer than `MAX_INPUT_CHARS`).
pub fn search_query(text: &str) {
    let query = parse(text);
    assert!(query.terms.len() + query.excluded.len() + query.filters.len() <= MAX_TERMS);
    for term in query.terms.iter().chain(&query.excluded) {
        if let Term::Word(word) | Term::Prefix(word) = term {
            assert!(word.chars().count() <= MAX_WORD_CHARS, "{word:?}");
        }
    }
    if text.chars().count() > MAX_INPUT_CHARS {
        assert!(!query.notes.is_empty(), "a cut input without a note");
    }
}
