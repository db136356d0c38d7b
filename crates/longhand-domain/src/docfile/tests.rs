//! Docfile tests: rendered files as inline snapshots, parse errors as a table, and the round
//! trip `parse(render(doc)) == doc` as a property over arbitrary text.

use insta::assert_snapshot;
use proptest::prelude::*;

use super::{DocFile, FieldValue, RESERVED_KEYS, parse, render};
use crate::lint::ParsedDoc;

fn sample() -> DocFile {
    DocFile {
        slug: "0003-use-postgres".into(),
        title: "Use PostgreSQL: the why".into(),
        kind: "adr".into(),
        space: "platform".into(),
        owner: Some("ana".into()),
        intent: "Record why we moved off SQLite.".into(),
        classification: "internal".into(),
        status: "accepted".into(),
        tags: vec!["storage".into(), "db, sql".into()],
        fields: vec![
            ("date".into(), FieldValue::Text("2024-03-01".into())),
            (
                "deciders".into(),
                FieldValue::List(vec!["@ana".into(), "Bo Chen".into()]),
            ),
            ("number".into(), FieldValue::Text("3".into())),
            (
                "status_note".into(),
                FieldValue::Text("Accepted \"for now\"\nreview in Q3 with @bo".into()),
            ),
        ],
        body: "## Context\n\n---\nA rule, then `---` again.\n".into(),
    }
}

/// Parses `text` and shows the error, or `ok` with the parsed document in debug form.
fn check_parse(text: &str) -> String {
    match parse(text) {
        Ok(doc) => format!("ok {doc:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn renders_readable_front_matter() {
    assert_snapshot!(render(&sample()), @r#"
    ---
    title: 'Use PostgreSQL: the why'
    slug: 0003-use-postgres
    kind: adr
    space: platform
    owner: '@ana'
    intent: Record why we moved off SQLite.
    classification: internal
    status: accepted
    tags: [storage, 'db, sql']
    date: 2024-03-01
    deciders: ['@ana', Bo Chen]
    number: '3'
    status_note: "Accepted \x22for now\x22\nreview in Q3 with @bo"
    ---

    ## Context

    ---
    A rule, then `---` again.
    "#);
}

#[test]
fn sample_round_trips_and_passes_the_front_matter_lint() {
    let text = render(&sample());
    assert_eq!(parse(&text), Ok(sample()));
    let lint = ParsedDoc::parse(&text);
    assert_eq!(lint.problems(), &[]);
    assert_eq!(lint.front_matter().text("owner"), Some("@ana"));
}

/// Regression: an escaped quote in one list item made the lint's `@handle` quoting lose track
/// of strings, and it rewrote an `@` inside the next item.
#[test]
fn quotes_in_one_item_do_not_disturb_handles_in_the_next() {
    let doc = DocFile {
        fields: vec![(
            "a".into(),
            FieldValue::List(vec!["\"\n".into(), "it's".into(), "x, @y".into()]),
        )],
        ..DocFile::default()
    };
    let text = render(&doc);
    assert!(
        text.contains("a: [\"\\x22\\n\", 'it''s', 'x, @y']\n"),
        "{text}"
    );
    assert_eq!(parse(&text), Ok(doc));
}

#[test]
fn no_owner_no_line() {
    let doc = DocFile {
        owner: None,
        ..sample()
    };
    assert!(!render(&doc).contains("owner:"));
    assert_eq!(parse(&render(&doc)), Ok(doc));
}

#[test]
fn hand_written_files() {
    let cases = [
        (
            "---\r\nslug: a\r\nkind: rfc\r\nowner: bo\r\ntags: solo\r\nextra:\r\n---\r\n\r\nBody\r\n",
            r#"ok DocFile { slug: "a", title: "", kind: "rfc", space: "", owner: Some("bo"), intent: "", classification: "", status: "", tags: ["solo"], fields: [("extra", Text(""))], body: "Body\r\n" }"#,
        ),
        (
            "\u{feff}---\nslug: a\nkind: rfc\nowner: @bo\nowner_2: [x, ~]\n---\n# Title",
            r##"ok DocFile { slug: "a", title: "", kind: "rfc", space: "", owner: Some("bo"), intent: "", classification: "", status: "", tags: [], fields: [("owner_2", List(["x", ""]))], body: "# Title" }"##,
        ),
        (
            "---\nSlug: a\nKIND: rfc\nowner:\n---\n",
            r#"ok DocFile { slug: "a", title: "", kind: "rfc", space: "", owner: None, intent: "", classification: "", status: "", tags: [], fields: [], body: "" }"#,
        ),
    ];
    for (text, expect) in cases {
        assert_eq!(check_parse(text), expect, "parsing {text:?}");
    }
}

#[test]
fn parse_errors_say_where() {
    let cases = [
        (
            "# Just Markdown\n",
            "line 1, column 1: The file does not open with front matter (a `---` line, `key: value` fields and another `---` line), so it is not a Longhand document.",
        ),
        (
            "---\nslug: a\nkind: adr\n",
            "line 1, column 1: The front matter that opens on line 1 is never closed, so none of its fields are read.",
        ),
        (
            "---\nslug: a\ntitle: \"open\nkind: adr\n---\n",
            "line 3, column 8: The front matter is not valid YAML: invalid indentation in quoted scalar.",
        ),
        (
            "---\nslug: a\nkind: adr\nslug: b\n---\n",
            "line 4, column 1: The field `slug` is repeated; the value on line 2 is used and this one is ignored.",
        ),
        (
            "---\nslug: a\nkind: adr\ntitle: [a]\n---\n",
            "line 4, column 8: The `title` field on line 4 must be text, not a list or mapping.",
        ),
        (
            "---\nslug: a\nkind: adr\nlinks: {a: b}\n---\n",
            "line 4, column 8: The `links` field on line 4 is a mapping, which no document field can hold.",
        ),
        (
            "---\nslug: a\nkind: adr\ntags: [a, [b]]\n---\n",
            "line 4, column 11: An item of the `tags` field is itself a list or mapping; fields hold only text items.",
        ),
        (
            "---\ntitle: No slug\nkind: adr\n---\n",
            "line 1, column 1: The front matter has no `slug:` field, which every Longhand document needs.",
        ),
    ];
    for (text, expect) in cases {
        assert_eq!(check_parse(text), expect, "parsing {text:?}");
    }
}

/// Text that is hard to write as YAML: syntax characters, YAML keywords, line breaks of every
/// kind, characters YAML escapes, and arbitrary Unicode.
fn tricky_text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("---".to_owned()),
        Just("...".to_owned()),
        Just(": ".to_owned()),
        Just(" #".to_owned()),
        Just("'".to_owned()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("@".to_owned()),
        Just("- ".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(", ".to_owned()),
        Just("{".to_owned()),
        Just("null".to_owned()),
        Just("~".to_owned()),
        Just("yes".to_owned()),
        Just("0x1f".to_owned()),
        Just("12".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\t".to_owned()),
        Just("\u{85}\u{2028}\u{feff}\u{0}\u{7f}".to_owned()),
        Just("é🙂".to_owned()),
        "[a-zA-Z ]{0,6}",
        any::<String>(),
    ];
    prop::collection::vec(fragment, 0..6).prop_map(|parts| parts.concat())
}

fn field_name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_-]{0,10}".prop_filter("reserved", |name| !RESERVED_KEYS.contains(&name.as_str()))
}

fn field_value() -> impl Strategy<Value = FieldValue> {
    prop_oneof![
        tricky_text().prop_map(FieldValue::Text),
        prop::collection::vec(tricky_text(), 0..4).prop_map(FieldValue::List),
    ]
}

fn doc_file() -> impl Strategy<Value = DocFile> {
    let names = (
        tricky_text(),
        tricky_text(),
        tricky_text(),
        tricky_text(),
        prop::option::of(tricky_text()),
    );
    let rest = (
        tricky_text(),
        tricky_text(),
        tricky_text(),
        prop::collection::vec(tricky_text(), 0..4),
        prop::collection::btree_map(field_name(), field_value(), 0..5),
        tricky_text(),
    );
    (names, rest).prop_map(|((slug, title, kind, space, owner), rest)| {
        let (intent, classification, status, tags, fields, body) = rest;
        DocFile {
            slug,
            title,
            kind,
            space,
            owner,
            intent,
            classification,
            status,
            tags,
            fields: fields.into_iter().collect(),
            body,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn render_then_parse_is_the_identity(doc in doc_file()) {
        let text = render(&doc);
        prop_assert_eq!(parse(&text), Ok(doc), "file:\n{}", text);
        let linted = ParsedDoc::parse(&text);
        prop_assert_eq!(linted.problems(), &[]);
    }

    #[test]
    fn parse_never_panics(text in tricky_text()) {
        let _ = parse(&format!("---\nslug: a\nkind: b\n{text}\n---\n"));
        let _ = parse(&text);
    }
}

/// A key that reads fine raw but needs escapes when written: three hundred control characters
/// become `\x1e` each, and YAML reads an implicit key of at most 1024 characters. Found by the
/// `front_matter` fuzz target.
#[test]
fn a_key_whose_written_form_yaml_cannot_read_back_is_refused_when_read() {
    let key = format!("notes{}", "\u{1e}".repeat(300));
    let text = format!("---\nslug: a\nkind: adr\n{key}: x\n---\nbody\n");
    let error = parse(&text).expect_err("the key cannot be written back");
    assert_eq!(error.position.line, 4);
    assert!(error.message.contains("too long"), "{}", error.message);
    let fine = format!("---\nslug: a\nkind: adr\n{}: x\n---\n", "k".repeat(1000));
    let doc = parse(&fine).expect("a long plain key is written as it is");
    assert_eq!(parse(&render(&doc)).expect("reads back"), doc);
}
