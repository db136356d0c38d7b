//! The query language as a table: each input and how it was read, one line per part.

use super::*;
use insta::assert_snapshot;

/// The query read from `input`, one part per line: `+` terms, `-` exclusions, `=` filters,
/// `!` notes.
fn check(input: &str) -> String {
    let query = parse(input);
    let term = |t: &Term| match t {
        Term::Word(w) => format!("word {w}"),
        Term::Prefix(p) => format!("prefix {p}*"),
        Term::Phrase(p) => format!("phrase \"{p}\""),
    };
    let filter = |f: &Filter| match f {
        Filter::Kind(k) => format!("kind {k}"),
        Filter::Space(s) => format!("space {}", s.as_str()),
        Filter::Author(h) => format!("author {}", h.as_str()),
        Filter::Status(s) => format!("status {s}"),
        Filter::Before(d) => format!("before {d}"),
        Filter::After(d) => format!("after {d}"),
    };
    let mut lines: Vec<String> = Vec::new();
    lines.extend(query.terms.iter().map(|t| format!("+ {}", term(t))));
    lines.extend(query.excluded.iter().map(|t| format!("- {}", term(t))));
    lines.extend(query.filters.iter().map(|f| format!("= {}", filter(f))));
    lines.extend(query.notes.iter().map(|n| format!("! {n}")));
    lines.join("\n")
}

#[test]
fn words_phrases_prefixes_and_exclusions() {
    assert_snapshot!(check("Deploy Rollback"), @"
    + word deploy
    + word rollback
    ");
    assert_snapshot!(check(r#""feature  Flag" deploy*"#), @r#"
    + phrase "feature flag"
    + prefix deploy*
    "#);
    assert_snapshot!(check(r#"plan -draft -"old plan" -depr*"#), @r#"
    + word plan
    - word draft
    - phrase "old plan"
    - prefix depr*
    "#);
    assert_snapshot!(check(r#""single""#), @"+ word single");
    assert_snapshot!(check("   "), @"");
}

#[test]
fn filters_are_read_and_several_values_are_kept() {
    assert_snapshot!(check("kind:RFC kind:decision space:Platform author:@Ana status:accepted"), @"
    = kind rfc
    = kind decision
    = space platform
    = author ana
    = status accepted
    ");
    assert_snapshot!(check("budget before:2026-03-01 after:2025-12-31"), @"
    + word budget
    = before 2026-03-01
    = after 2025-12-31
    ");
}

#[test]
fn bad_syntax_falls_back_to_words_with_a_note() {
    assert_snapshot!(check(r#"rollout "half a phrase"#), @"
    + word rollout
    + word half
    + word a
    + word phrase
    ! a quote was not closed, so its words were searched one by one
    ");
    assert_snapshot!(check("foo:bar baz"), @"
    + word foo
    + word bar
    + word baz
    ! “foo:” is not a filter (try kind:, space:, author:, status:, before: or after:), so “foo:bar” was searched as words
    ");
    assert_snapshot!(check("before:2026-02-30 after:yesterday"), @"
    + word before
    + word 2026-02-30
    + word after
    + word yesterday
    ! “before:2026-02-30” was searched as words: “2026-02-30” is not a date; write it as YYYY-MM-DD
    ! “after:yesterday” was searched as words: “yesterday” is not a date; write it as YYYY-MM-DD
    ");
    assert_snapshot!(check("budget - plan"), @"
    + word budget
    + word plan
    ! a lone “-” excludes nothing and was ignored
    ");
    assert_snapshot!(check("kind: author:x -kind:rfc"), @"
    + word kind
    + word author
    + word x
    ! “kind:” was searched as words: kind: needs a value
    ! “author:x” was searched as words: handle \"x\" must be 2 to 32 characters long
    ! “-kind:rfc”: a filter cannot be excluded, so it was ignored
    ");
    assert_snapshot!(check(r#"&& "" a* 12:30"#), @r#"
    + word a
    + word 12:30
    ! “&&” has no letters or digits and was ignored
    ! an empty phrase (“”) was ignored
    ! “a*” is too short a prefix, so it was searched as a word
    "#);
}

#[test]
fn budgets_cut_long_input_many_terms_and_long_words() {
    let many: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
    let query = parse(&many.join(" "));
    assert_eq!(query.terms.len(), MAX_TERMS);
    assert_eq!(query.terms.last(), Some(&Term::Word("w31".into())));
    assert_eq!(
        query.notes,
        ["only the first 32 terms and filters were used"]
    );

    let split = format!("{} foo:bar", many[..31].join(" "));
    assert_eq!(parse(&split).terms.len(), MAX_TERMS);

    let long = "x".repeat(100_000);
    let query = parse(&long);
    assert_eq!(query.terms, [Term::Word("x".repeat(MAX_WORD_CHARS))]);
    assert_eq!(
        query.notes,
        [
            "the query was cut to its first 1,000 characters",
            "a word longer than 64 characters was cut"
        ]
    );

    // Multi-byte text is cut on a character boundary, never inside one.
    let query = parse(&"é".repeat(2_000));
    assert_eq!(query.terms, [Term::Word("é".repeat(MAX_WORD_CHARS))]);
}

#[test]
fn odd_unicode_never_panics() {
    for input in [
        "\u{0}",
        "\u{feff}\"",
        "-\"",
        "\"-",
        "*",
        "**",
        "-*",
        "ŉ*",
        "👍🏽 deploy",
        "İstanbul",
        "a\u{301}*",
        ":",
        "::",
        "kind:::",
        "-\u{2028}",
    ] {
        let query = parse(input);
        assert!(query.count() <= MAX_TERMS, "{input:?}");
    }
    assert_snapshot!(check("İstanbul Größe"), @"
    + word i̇stanbul
    + word größe
    ");
}

#[test]
fn typo_tolerance_grows_with_the_word() {
    let table = [
        ("", 0),
        ("plan", 0),
        ("ädöüß", 1),
        ("rollout", 1),
        ("deployed", 1),
        ("migration", 2),
        ("kubernetes", 2),
    ];
    for (word, edits) in table {
        assert_eq!(allowed_edits(word), edits, "{word}");
    }
}
