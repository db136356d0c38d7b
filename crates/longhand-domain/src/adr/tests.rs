//! ADR import tests: every fixture folder read into a one-screen summary (inline snapshots),
//! edge cases as a table, the docfile round trip of every imported fixture, and properties
//! over arbitrary input.

use insta::assert_snapshot;
use jiff::civil::date;
use proptest::prelude::*;

use super::{
    AdrFormat, AdrRecord, Imported, detect, import, is_adr_file, parse, parse_any, slug_for,
};
use crate::docfile::{self, FieldValue};
use crate::lint::{LintConfig, LintContext, ParsedDoc, lint};
use crate::templates::{BuiltinKind, builtin};

macro_rules! fixture {
    ($dir:literal, $name:literal) => {
        (
            $name,
            include_str!(concat!("../../tests/fixtures/adr/", $dir, "/", $name)),
        )
    };
}

const ADR_TOOLS: [(&str, &str); 4] = [
    fixture!("adr-tools", "0001-keep-a-decision-log.md"),
    fixture!("adr-tools", "0002-store-the-ledger-in-sqlite.md"),
    fixture!("adr-tools", "0003-emit-events-as-json-lines.md"),
    fixture!("adr-tools", "0004-move-the-ledger-to-postgresql.md"),
];

const MADR: [(&str, &str); 4] = [
    fixture!("madr", "0001-write-decisions-as-markdown.md"),
    fixture!("madr", "0002-choose-a-queue-for-order-events.md"),
    fixture!("madr", "0003-retire-the-nightly-export.md"),
    fixture!("madr", "0004-stream-order-totals.md"),
];

const LOG4BRAINS: [(&str, &str); 6] = [
    fixture!("log4brains", "20240110-adopt-trunk-based-development.md"),
    fixture!("log4brains", "20240301-protect-the-main-branch.md"),
    fixture!("log4brains", "20240415-squash-merge-pull-requests.md"),
    fixture!("log4brains", "README.md"),
    fixture!("log4brains", "index.md"),
    fixture!("log4brains", "template.md"),
];

/// Every fixture file that is a record.
fn records() -> impl Iterator<Item = (&'static str, &'static str)> {
    ADR_TOOLS
        .into_iter()
        .chain(MADR)
        .chain(LOG4BRAINS)
        .filter(|(name, text)| is_adr_file(name, text))
}

/// The first line of a text and how many lines it has, so a snapshot shows which text landed
/// where without repeating whole sections.
fn gist(text: &str) -> String {
    let first: String = text
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(60)
        .collect();
    format!("{first:?} ({} lines)", text.lines().count())
}

/// One record as a few lines, leaving out what is empty.
fn summary(r: &AdrRecord) -> String {
    let mut out = vec![format!(
        "{} #{:?} {:?}",
        r.format.as_str(),
        r.number,
        r.title
    )];
    out.push(format!(
        "status {} {:?}",
        r.status.value.as_str(),
        r.status.raw
    ));
    let mut line = |label: &str, value: String| {
        if !value.is_empty() {
            out.push(format!("{label}: {value}"));
        }
    };
    if !r.status.note.is_empty() {
        line("note", format!("{:?}", r.status.note));
    }
    line("date", r.date.map(|d| d.to_string()).unwrap_or_default());
    line("owner", r.owner.clone().unwrap_or_default());
    for (label, items) in [
        ("deciders", &r.deciders),
        ("consulted", &r.consulted),
        ("informed", &r.informed),
        ("tags", &r.tags),
        ("supersedes", &r.supersedes),
        ("superseded_by", &r.superseded_by),
    ] {
        line(label, items.join(" | "));
    }
    for link in &r.links {
        line("link", format!("{} -> {}", link.relation, link.target));
    }
    for (key, value) in &r.extra {
        line("extra", format!("{key} = {value:?}"));
    }
    for (label, text) in [
        ("context", &r.context),
        ("drivers", &r.drivers),
        ("options", &r.options),
        ("decision", &r.decision),
        ("rationale", &r.rationale),
        ("consequences", &r.consequences),
        ("body", &r.body),
    ] {
        line(
            label,
            if text.is_empty() {
                String::new()
            } else {
                gist(text)
            },
        );
    }
    for unmapped in &r.unmapped {
        out.push(format!("unmapped {}: {}", unmapped.line, unmapped.what));
    }
    out.join("\n")
}

fn check(fixture: (&str, &str)) -> String {
    summary(&parse(fixture.0, fixture.1))
}

#[test]
fn folders_hold_the_expected_records_and_formats() {
    let found: Vec<String> = ADR_TOOLS
        .into_iter()
        .chain(MADR)
        .chain(LOG4BRAINS)
        .map(|(name, text)| {
            let format = detect(name, text).as_str();
            format!("{name}: {format} {}", is_adr_file(name, text))
        })
        .collect();
    assert_snapshot!(found.join("\n"), @r"
    0001-keep-a-decision-log.md: adr-tools true
    0002-store-the-ledger-in-sqlite.md: adr-tools true
    0003-emit-events-as-json-lines.md: adr-tools true
    0004-move-the-ledger-to-postgresql.md: adr-tools true
    0001-write-decisions-as-markdown.md: madr true
    0002-choose-a-queue-for-order-events.md: madr true
    0003-retire-the-nightly-export.md: madr true
    0004-stream-order-totals.md: madr true
    20240110-adopt-trunk-based-development.md: log4brains true
    20240301-protect-the-main-branch.md: log4brains true
    20240415-squash-merge-pull-requests.md: log4brains true
    README.md: madr false
    index.md: adr-tools false
    template.md: madr false
    ");
}

#[test]
fn adr_tools_folder() {
    assert_snapshot!(check(ADR_TOOLS[0]), @r###"
    adr-tools #Some(1) "Keep a decision log"
    status accepted "Accepted"
    date: 2023-11-02
    context: "Choices about the ledger service were made on calls and forg" (2 lines)
    decision: "We will write a short, numbered record for every decision th" (2 lines)
    consequences: "A record costs about half an hour to write. Reviews can cite" (2 lines)
    body: "## Context" (14 lines)
    "###);
    assert_snapshot!(check(ADR_TOOLS[1]), @r###"
    adr-tools #Some(2) "Store the ledger in SQLite"
    status superseded "Superseded by [4. Move the ledger to PostgreSQL](0004-move-the-ledger-to-postgresql.md)"
    date: 2023-11-09
    superseded_by: 0004-move-the-ledger-to-postgresql
    context: "The ledger runs as one process on one host and writes about " (2 lines)
    decision: "We will keep the ledger in an SQLite database in WAL mode." (1 lines)
    consequences: "Only one host can write. If we ever run two ledger replicas," (1 lines)
    body: "## Context" (12 lines)
    "###);
    assert_snapshot!(check(ADR_TOOLS[2]), @r###"
    adr-tools #Some(3) "Emit events as JSON lines"
    status accepted "Accepted\nAmended by [4. Move the ledger to PostgreSQL](0004-move-the-ledger-to-postgresql.md)"
    date: 2024-01-15
    link: amended_by -> 0004-move-the-ledger-to-postgresql
    context: "Downstream jobs parse our event log with `jq` and a shell sc" (1 lines)
    decision: "We will write one JSON object per line. A record looks like " (6 lines)
    consequences: "Readers can stream the file. A torn last line is possible af" (1 lines)
    body: "## Context" (20 lines)
    "###);
    assert_snapshot!(check(ADR_TOOLS[3]), @r###"
    adr-tools #Some(4) "Move the ledger to PostgreSQL"
    status accepted "Accepted\nSupersedes [2. Store the ledger in SQLite](0002-store-the-ledger-in-sqlite.md)\nAmends [3. Emit events as JSON lines](0003-emit-events-as-json-lines.md)"
    date: 2024-05-21
    supersedes: 0002-store-the-ledger-in-sqlite
    link: amends -> 0003-emit-events-as-json-lines
    context: "We now run two ledger replicas behind a load balancer, so th" (2 lines)
    decision: "We will move the ledger to PostgreSQL 16 and publish events " (2 lines)
    consequences: "Operations takes on a database server. Event consumers switc" (2 lines)
    body: "## Context" (14 lines)
    "###);
}

#[test]
fn madr_folder() {
    assert_snapshot!(check(MADR[0]), @r####"
    madr #Some(1) "Write decisions as Markdown in the repository"
    status accepted "accepted"
    date: 2022-06-14
    deciders: Priya Raman | Tomás Ortega
    extra: technical_story = Text("[PLAT-112](https://tracker.example.test/PLAT-112)")
    context: "Design choices for the checkout service are scattered over c" (2 lines)
    drivers: "* reviewed the same way as code" (2 lines)
    options: "* Markdown files in the repository" (3 lines)
    decision: "Chosen option: \"Markdown files in the repository\", because t" (2 lines)
    consequences: "### Positive Consequences" (7 lines)
    body: "## Context and Problem Statement" (40 lines)
    unmapped 7: The comment `<!-- optional -->` after the value was dropped.
    "####);
    assert_snapshot!(check(MADR[1]), @r###"
    madr #Some(2) "Choose a queue for order events"
    status accepted "accepted"
    date: 2023-02-01
    deciders: Priya Raman | Jonas Weber
    consulted: SRE on-call | Data team
    informed: everyone in the platform channel
    context: "Order events are posted to three services over HTTP, and a s" (2 lines)
    drivers: "* at-least-once delivery with replay for a week" (2 lines)
    options: "* NATS JetStream" (3 lines)
    decision: "Chosen option: \"NATS JetStream\", because it keeps a week of " (2 lines)
    consequences: "* Good, because checkout no longer waits for consumers" (2 lines)
    body: "## Context and Problem Statement" (29 lines)
    "###);
    assert_snapshot!(check(MADR[2]), @r###"
    madr #Some(3) "Retire the nightly export"
    status superseded "superseded by [ADR-0004](0004-stream-order-totals.md)"
    date: 2023-09-18
    deciders: Jonas Weber | Aiko Tanaka
    superseded_by: 0004-stream-order-totals
    extra: ticket = Text("OPS-77")
    context: "Finance reads order totals from a CSV export that a cron job" (2 lines)
    options: "* Keep the export and add alerting" (2 lines)
    decision: "Chosen option: \"Retire the export and give finance read acce" (2 lines)
    consequences: "* Good, because there is one job fewer to watch" (2 lines)
    body: "## Context and Problem Statement" (23 lines)
    "###);
    assert_snapshot!(check(MADR[3]), @r###"
    madr #Some(4) "Stream order totals to finance"
    status accepted "accepted"
    owner: aiko
    deciders: Aiko Tanaka
    tags: finance | events
    extra: date = Text("2024-02-30")
    context: "Replica queries from the finance dashboard slowed the replic" (2 lines)
    options: "* Bigger replica" (2 lines)
    decision: "Chosen option: \"Stream order totals\", because the events alr" (2 lines)
    consequences: "* Good, because the replica serves only the dashboard again" (2 lines)
    body: "## Context and Problem Statement" (19 lines)
    unmapped 3: The date `2024-02-30` is not a calendar date written YYYY-MM-DD; it is kept as text in the `date` field.
    "###);
}

#[test]
fn log4brains_folder() {
    assert_snapshot!(check(LOG4BRAINS[0]), @r####"
    log4brains #None "Adopt trunk-based development"
    status accepted "accepted"
    date: 2024-01-10
    deciders: Aiko Tanaka | Sam Whitfield
    tags: process | git
    extra: technical_story = Text("feature branches lived for weeks and every merge broke the build")
    context: "Long-lived branches diverge from main, and merging them take" (2 lines)
    drivers: "- merges should be small enough to review in one sitting" (2 lines)
    options: "- Trunk-based development with short-lived branches" (2 lines)
    decision: "Chosen option: \"Trunk-based development with short-lived bra" (2 lines)
    consequences: "### Positive Consequences" (7 lines)
    body: "## Context and Problem Statement" (31 lines)
    "####);
    assert_snapshot!(check(LOG4BRAINS[1]), @r###"
    log4brains #None "Protect the main branch"
    status proposed "draft"
    note: "draft"
    deciders: Sam Whitfield
    tags: git
    context: "With everyone merging to main several times a day, one broke" (1 lines)
    options: "- Require a green build and one review before merging" (2 lines)
    decision: "Chosen option: \"Require a green build and one review before " (2 lines)
    body: "## Context and Problem Statement" (13 lines)
    "###);
    assert_snapshot!(check(LOG4BRAINS[2]), @r#"
    log4brains #None "Squash-merge pull requests"
    status superseded "superseded by [Rebase and merge pull requests](20240520-rebase-and-merge-pull-requests.md)"
    date: 2024-04-15
    superseded_by: 20240520-rebase-and-merge-pull-requests
    context: "Pull requests carry many \"fix typo\" commits that make `git l" (1 lines)
    decision: "Chosen option: \"Squash every pull request into one commit\", " (2 lines)
    body: "- Reviewers: Aiko Tanaka" (10 lines)
    unmapped 5: `- Reviewers: Aiko Tanaka` looks like metadata that no field holds; it stays in the text.
    "#);
}

/// The body keeps everything but the title, the metadata and the status section.
#[test]
fn adr_tools_body_is_the_rest_of_the_file() {
    let record = parse(ADR_TOOLS[2].0, ADR_TOOLS[2].1);
    assert_snapshot!(record.body, @r"
    ## Context

    Downstream jobs parse our event log with `jq` and a shell script. Each event is small.

    ## Decision

    We will write one JSON object per line. A record looks like this:

    ```markdown
    ## Status
    not a heading: this is inside a code block
    ```

    ## Consequences

    Readers can stream the file. A torn last line is possible after a crash; readers skip it.

    ## Notes

    We looked at CBOR and found no consumer that could read it.
    ");
}

#[test]
fn madr_decision_view_stops_at_its_sub_sections() {
    let record = parse(MADR[1].0, MADR[1].1);
    assert_snapshot!(record.decision, @r#"
    Chosen option: "NATS JetStream", because it keeps a week of replay on the disks we have
    and the team already runs NATS for service discovery.
    "#);
    assert_snapshot!(record.consequences, @r"
    * Good, because checkout no longer waits for consumers
    * Bad, because consumers must handle redelivery
    ");
}

#[test]
fn imported_document_front_matter() {
    let imported = import(MADR[2].0, MADR[2].1, "platform").unwrap();
    assert_snapshot!(docfile::render(&imported.doc).split("\n---\n").next().unwrap(), @r"
    ---
    title: Retire the nightly export
    slug: platform-0003-retire-the-nightly-export
    kind: adr
    space: platform
    intent: ''
    classification: internal
    status: superseded
    tags: []
    date: 2023-09-18
    deciders: [Jonas Weber, Aiko Tanaka]
    superseded_by: platform-0004-stream-order-totals
    number: '3'
    ticket: OPS-77
    ");
}

/// Import, export (render), import again: the second import is the first, field for field,
/// and importing the same file twice gives the same document.
#[test]
fn every_fixture_survives_export_and_reimport() {
    for (name, text) in records() {
        let first = import(name, text, "platform").unwrap();
        assert_eq!(
            import(name, text, "platform"),
            Ok(first.clone()),
            "{name} twice"
        );
        let exported = docfile::render(&first.doc);
        assert_eq!(
            docfile::parse(&exported),
            Ok(first.doc.clone()),
            "{name}:\n{exported}"
        );
        assert_eq!(Some(first.doc.slug.clone()), slug_for("platform", name));
        let again = import(&format!("{}.md", first.doc.slug), &exported, "platform").unwrap();
        let expect = Imported {
            doc: first.doc,
            format: AdrFormat::Longhand,
            unmapped: Vec::new(),
        };
        assert_eq!(again, expect, "{name} re-imported");
    }
}

/// The supersede relations of an imported folder as "new supersedes old" lines, checking that
/// every reference names a document of the same folder.
fn supersede_chain(folder: &[(&str, &str)]) -> Vec<String> {
    let docs: Vec<_> = folder
        .iter()
        .map(|(name, text)| import(name, text, "platform").unwrap().doc)
        .collect();
    let mut edges = Vec::new();
    for doc in &docs {
        for key in ["supersedes", "superseded_by"] {
            let Some(FieldValue::Text(targets)) = doc.field(key) else {
                continue;
            };
            for target in targets.split(", ") {
                assert!(
                    docs.iter().any(|d| d.slug == target),
                    "{target} in {}",
                    doc.slug
                );
                let (new, old) = match key {
                    "supersedes" => (doc.slug.as_str(), target),
                    _ => (target, doc.slug.as_str()),
                };
                edges.push(format!("{new} supersedes {old}"));
            }
        }
    }
    edges.sort();
    edges
}

/// adr-tools writes the relation on both records, so it is read twice and agrees; MADR writes
/// it only on the record that was replaced.
#[test]
fn supersede_chains_resolve_within_a_folder() {
    let both_ends = "platform-0004-move-the-ledger-to-postgresql supersedes platform-0002-store-the-ledger-in-sqlite";
    assert_eq!(supersede_chain(&ADR_TOOLS), [both_ends, both_ends]);
    assert_eq!(
        supersede_chain(&MADR),
        ["platform-0004-stream-order-totals supersedes platform-0003-retire-the-nightly-export"]
    );
}

/// The record's statuses are exactly the decision lifecycle the document store enforces.
#[test]
fn statuses_match_the_decision_lifecycle() {
    use super::StatusValue::*;
    let ours: Vec<&str> = [Proposed, Accepted, Rejected, Superseded, Deprecated]
        .into_iter()
        .map(|value| value.as_str())
        .collect();
    assert_eq!(ours, crate::documents::lifecycle_of("adr").statuses());
}

/// What the completeness lint says about each imported record under the `adr` template:
/// never a front matter or field-type error (except the fixture's deliberate 30 February),
/// only what the original files lack.
#[test]
fn imported_fixtures_fit_the_adr_template() {
    let ctx = LintContext {
        known_slugs: None,
        today: date(2025, 1, 1),
    };
    let template = builtin(BuiltinKind::Adr);
    let mut out = Vec::new();
    for (name, text) in records() {
        let doc = import(name, text, "platform").unwrap().doc;
        let parsed = ParsedDoc::parse(&docfile::render(&doc));
        out.push(format!("{name}:"));
        out.extend(
            lint(&parsed, Some(template), &LintConfig::default(), &ctx)
                .iter()
                .filter(|f| !matches!(f.rule.as_str(), "owner" | "intent"))
                .map(|f| format!("  {} {}", f.rule, f.message)),
        );
    }
    assert_snapshot!(out.join("\n"), @r#"
    0001-keep-a-decision-log.md:
      required-field The Decision record template requires the `deciders` field, which is missing or empty.
      required-section The Decision record template requires a "Options considered" section, and this document has none.
      required-section The Decision record template requires a "Rationale" section, and this document has none.
    0002-store-the-ledger-in-sqlite.md:
      required-field The Decision record template requires the `deciders` field, which is missing or empty.
      required-section The Decision record template requires a "Options considered" section, and this document has none.
      required-section The Decision record template requires a "Rationale" section, and this document has none.
    0003-emit-events-as-json-lines.md:
      required-field The Decision record template requires the `deciders` field, which is missing or empty.
      required-section The Decision record template requires a "Options considered" section, and this document has none.
      required-section The Decision record template requires a "Rationale" section, and this document has none.
    0004-move-the-ledger-to-postgresql.md:
      required-field The Decision record template requires the `deciders` field, which is missing or empty.
      required-section The Decision record template requires a "Options considered" section, and this document has none.
      required-section The Decision record template requires a "Rationale" section, and this document has none.
    0001-write-decisions-as-markdown.md:
      required-section The Decision record template requires a "Rationale" section, and this document has none.
      required-section The Decision record template requires a "Consequences" section, and this document has none.
    0002-choose-a-queue-for-order-events.md:
      required-section The Decision record template requires a "Rationale" section, and this document has none.
    0003-retire-the-nightly-export.md:
      required-section The Decision record template requires a "Rationale" section, and this document has none.
    0004-stream-order-totals.md:
      bad-date The `date` field is `2024-02-30`, which is not a date.
      required-section The Decision record template requires a "Rationale" section, and this document has none.
    20240110-adopt-trunk-based-development.md:
      required-section The Decision record template requires a "Rationale" section, and this document has none.
      required-section The Decision record template requires a "Consequences" section, and this document has none.
    20240301-protect-the-main-branch.md:
      required-field The Decision record template requires the `date` field, which is missing or empty.
      required-section The Decision record template requires a "Rationale" section, and this document has none.
      required-section The Decision record template requires a "Consequences" section, and this document has none.
    20240415-squash-merge-pull-requests.md:
      required-field The Decision record template requires the `deciders` field, which is missing or empty.
      required-section The Decision record template requires a "Options considered" section, and this document has none.
      required-section The Decision record template requires a "Rationale" section, and this document has none.
      required-section The Decision record template requires a "Consequences" section, and this document has none.
    "#);
}

/// Small files that each show one rule of the reader.
#[test]
fn edge_cases() {
    let cases = [
        ("0007-empty.md", ""),
        (
            "0007-no-title.md",
            "Date: 2020-01-01\n\n## Status\n\nRejected\n",
        ),
        (
            "0008-x.md",
            "\u{feff}# 9. Numbers differ\r\n\r\nDate: 2020-13-01\r\n\r\n## Status\r\n\r\nParked\r\n",
        ),
        (
            "0009-x.md",
            "---\nstatus: [accepted\n---\n# Broken front matter\n",
        ),
        (
            "0010-x.md",
            "# Two statuses\n\n* Status: proposed\n* Status: accepted\n\n## Status\n\nRejected\n",
        ),
        (
            "0011-x.md",
            "---\nstatus: accepted\nslug: mine\nlinks: {a: b}\ntitle: Other\n---\n# Title\n",
        ),
        (
            "0012-x.md",
            "# T\n\n## Status\n\nAccepted\nsuperseded by ADR-0123\n\n## Context\n\nC\n",
        ),
    ];
    let found: Vec<String> = cases
        .iter()
        .map(|(name, text)| format!("-- {name}\n{}", summary(&parse(name, text))))
        .collect();
    assert_snapshot!(found.join("\n"), @r###"
    -- 0007-empty.md
    adr-tools #Some(7) "Empty"
    status proposed ""
    unmapped 1: The file has no `# Title` line; the title `Empty` was made from the file name.
    unmapped 1: The file states no status; the record is imported as proposed.
    -- 0007-no-title.md
    adr-tools #Some(7) "No title"
    status rejected "Rejected"
    date: 2020-01-01
    unmapped 1: The file has no `# Title` line; the title `No title` was made from the file name.
    -- 0008-x.md
    adr-tools #Some(8) "Numbers differ"
    status proposed "Parked"
    note: "Parked"
    extra: date = Text("2020-13-01")
    unmapped 1: The title is numbered 9 but the file name 8; the file name's number is used.
    unmapped 3: The date `2020-13-01` is not a calendar date written YYYY-MM-DD; it is kept as text in the `date` field.
    unmapped 6: The status `Parked` is not one of proposed, accepted, rejected, superseded or deprecated; the record is imported as proposed and the text is kept in `status_note`.
    -- 0009-x.md
    madr #Some(9) "Broken front matter"
    status proposed ""
    body: "---" (3 lines)
    unmapped 1: The file states no status; the record is imported as proposed.
    unmapped 3: The front matter is not valid YAML: while parsing a flow sequence, expected ',' or ']'. It was left in the text.
    -- 0010-x.md
    madr #Some(10) "Two statuses"
    status proposed "proposed"
    body: "* Status: accepted" (5 lines)
    unmapped 4: `* Status: accepted` repeats metadata set earlier; the first value is used and this line stays in the text.
    unmapped 6: The Status section repeats a status given earlier; the first is used and the section stays in the text.
    -- 0011-x.md
    madr #Some(11) "Title"
    status accepted "accepted"
    unmapped 3: The front matter field `slug: mine` was not imported: the document uses that name for its own field.
    unmapped 4: The front matter field `links` holds a mapping or nested list, which no document field can hold; it was not imported.
    unmapped 5: The front matter title `Other` differs from the heading on line 7; the heading is used.
    -- 0012-x.md
    adr-tools #Some(12) "T"
    status accepted "Accepted\nsuperseded by ADR-0123"
    note: "superseded by ADR-0123"
    context: "C" (1 lines)
    body: "## Context" (3 lines)
    unmapped 6: The status `superseded by ADR-0123` names another record without a link to its file, so the relation is kept only as a note.
    "###);
}

/// Regression: a status read after an unlinked supersede reference replaced the note that
/// kept the reference.
#[test]
fn notes_from_metadata_and_status_add_up() {
    let text = "# T\n\n* Supersedes: ADR-1\n* Status: Accepted on Monday\n";
    let record = parse("0002-t.md", text);
    assert_eq!(record.status.note, "supersedes: ADR-1\nAccepted on Monday");
    assert_eq!(record.status.value, super::StatusValue::Accepted);
}

#[test]
fn broken_export_is_an_error_with_a_line() {
    let text = "---\nslug: a\nkind: adr\ntitle: \"open\n---\n";
    assert_eq!(
        parse_any("a.md", text).map(|_| ()).unwrap_err().to_string(),
        "line 4, column 8: The front matter is not valid YAML: while scanning a quoted scalar, found unexpected end of stream."
    );
    let rfc = "---\nslug: plan\nkind: rfc\n---\n";
    assert_eq!(
        import("plan.md", rfc, "s").unwrap_err().to_string(),
        "line 1, column 1: The document `plan` is of kind `rfc`, not a decision record (`adr`)."
    );
}

#[test]
fn extra_metadata_becomes_fields() {
    let doc = import(MADR[0].0, MADR[0].1, "s").unwrap().doc;
    assert_eq!(
        doc.field("technical_story"),
        Some(&FieldValue::Text(
            "[PLAT-112](https://tracker.example.test/PLAT-112)".into()
        ))
    );
}

/// The `adr` template's `source` field is filled when a record names where it was decided,
/// in front matter or as a metadata line under the title.
#[test]
fn a_named_source_fills_the_source_field() {
    let line = "# Use Kafka\n\n* Status: accepted\n* Decided in: [RFC 12](https://wiki.example.test/rfc-12)\n\n## Context\n\nC\n";
    let doc = import("0005-use-kafka.md", line, "s").unwrap().doc;
    assert_eq!(
        doc.field("source"),
        Some(&FieldValue::Text(
            "[RFC 12](https://wiki.example.test/rfc-12)".into()
        ))
    );
    assert!(!doc.body.contains("Decided in"), "{}", doc.body);
    let front = "---\nstatus: accepted\nsource: \"[[platform-rfc-12]]\"\n---\n# Use Kafka\n\n## Context\n\nC\n";
    let doc = import("0005-use-kafka.md", front, "s").unwrap().doc;
    assert_eq!(
        doc.field("source"),
        Some(&FieldValue::Text("[[platform-rfc-12]]".into()))
    );
}

/// Pieces of ADR files, so random files look enough like ADRs to reach every branch.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_owned()),
        Just("# 3. Title\n".to_owned()),
        Just("## Status\n".to_owned()),
        Just("## Decision Outcome\n".to_owned()),
        Just("### Consequences\n".to_owned()),
        Just("```\n".to_owned()),
        Just("* Status: superseded by [x](0002-x.md)\n".to_owned()),
        Just("- Deciders: a, b <!-- c -->\n".to_owned()),
        Just("Date: 2020-02-30\n".to_owned()),
        Just("status: accepted\n".to_owned()),
        Just("kind: adr\nslug: s\n".to_owned()),
        Just("Amended by [4](0004-y.md) and\n".to_owned()),
        Just("decision-makers:\n  - a\n".to_owned()),
        Just("x: {a: [b]}\n".to_owned()),
        Just("\r\n\u{feff}\u{2028}".to_owned()),
        "[ -~é\t\n]{0,16}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_imports_without_panicking_and_round_trips(
        parts in prop::collection::vec(fragment(), 0..16),
        name in prop_oneof![
            Just("0003-x.md".to_owned()),
            Just("20240101-y.md".to_owned()),
            Just("README.md".to_owned()),
            Just(".md".to_owned()),
            ".{0,12}",
        ],
    ) {
        let text = parts.concat();
        let _ = detect(&name, &text);
        let _ = is_adr_file(&name, &text);
        let _ = parse_any(&name, &text);
        if let Ok(imported) = import(&name, &text, "s") {
            let exported = docfile::render(&imported.doc);
            prop_assert_eq!(docfile::parse(&exported), Ok(imported.doc.clone()), "{}", exported);
            let again = import(&format!("{}.md", imported.doc.slug), &exported, "s");
            prop_assert_eq!(again.map(|i| i.doc), Ok(imported.doc));
        }
    }
}

/// Regression: a folder where each record is `<topic>/index.md` imported nothing, because
/// only numbered or dated file names were records. A Markdown file that reads as a decision is
/// one whatever its name; a record called `index.md` or `README.md` takes its folder's name.
#[test]
fn records_named_index_in_their_own_folder_are_read() {
    let text = "# Use PostgreSQL\n\n## Status\n\nAccepted\n\nSupersedes [SQLite](../use-sqlite/index.md)\n\n## Decision\n\nWe move.\n";
    assert!(is_adr_file("use-postgres/index.md", text));
    assert!(is_adr_file("use-postgres/README.md", text));
    assert!(is_adr_file("use-postgres.md", text));
    // The folder's own index and template stay out, and so does a page that decides nothing.
    assert!(!is_adr_file("index.md", text));
    assert!(!is_adr_file("template/index.md", text));
    assert!(!is_adr_file(
        "guides/index.md",
        "# Guides\n\nHow we work.\n"
    ));
    let slug = slug_for("platform", "use-postgres/index.md");
    assert_eq!(slug.as_deref(), Some("platform-use-postgres"));
    let imported = import("use-postgres/index.md", text, "platform").unwrap();
    assert_eq!(imported.doc.slug, "platform-use-postgres");
    assert_eq!(
        imported.doc.field("supersedes"),
        Some(&FieldValue::Text("platform-use-sqlite".into()))
    );
    let untitled = parse("use-postgres/index.md", "## Status\n\nAccepted\n");
    assert_eq!(untitled.title, "Use postgres");
}

/// Regression: MADR 2 marks a replaced record in its title, `# [Superseded by [ADR-0005](…)]
/// Title`, and the marker stayed in the title. It names the successor, so it is read as one.
#[test]
fn superseded_marker_in_a_madr_2_title_is_read_not_kept() {
    let marked = "# [Superseded by [ADR-0005](0005-use-kafka.md)] Use RabbitMQ\n\n";
    let text = format!(
        "{marked}* Status: superseded by [ADR-0005](0005-use-kafka.md)\n\n## Context\n\nC\n"
    );
    let record = parse("0003-use-rabbitmq.md", &text);
    assert_eq!(record.title, "Use RabbitMQ");
    assert_eq!(record.superseded_by, ["0005-use-kafka"]);
    assert_eq!(record.status.value, super::StatusValue::Superseded);
    let alone = parse("0003-use-rabbitmq.md", marked);
    assert_eq!(alone.title, "Use RabbitMQ");
    assert_eq!(alone.superseded_by, ["0005-use-kafka"]);
    // Brackets that name no record are part of the title.
    let plain = parse("0004-x.md", "# [WIP] Pick a queue\n");
    assert_eq!(plain.title, "[WIP] Pick a queue");
}

/// Regression: free-form records write dates as `July 1, 2021` (under `Decision Date:` too)
/// and their status under `### Status` as `Decided.`; none of it was read.
#[test]
fn free_form_dates_and_statuses_are_read() {
    let text = "# Pick a CI service\n\nDecision Date: July 1, 2021\n\n## Summary\n\n### Status\n\nDecided.\n\n### Decision\n\nWe use one.\n";
    let record = parse("pick-ci/index.md", text);
    assert_eq!(record.date, Some(date(2021, 7, 1)));
    assert_eq!(record.status.value, super::StatusValue::Accepted);
    assert!(!record.body.contains("Decided."), "{}", record.body);
    let record = parse(
        "0002-x.md",
        "# X\n\nDate: December 1, 2021\nStatus: Decided.\n",
    );
    assert_eq!(record.date, Some(date(2021, 12, 1)));
    assert_eq!(record.status.value, super::StatusValue::Accepted);
}

/// Regression guard: a template's placeholders are never read as a status or a date; the
/// lines stay in the text and are reported.
#[test]
fn template_placeholders_are_no_status_and_no_date() {
    let text = "# X\n\nStatus: [Accepted/Rejected/Postponed]\nDate: [Month Day, Year]\n";
    let record = parse("0003-x.md", text);
    assert_eq!(record.status.value, super::StatusValue::Proposed);
    assert_eq!(record.status.raw, "");
    assert_eq!(record.date, None);
    assert!(record.extra.is_empty(), "{:?}", record.extra);
    assert_eq!(
        record.body,
        "Status: [Accepted/Rejected/Postponed]\nDate: [Month Day, Year]\n"
    );
    let section = parse("0004-x.md", "# X\n\n## Status\n\n[Accepted / Rejected]\n");
    assert_eq!(section.status.value, super::StatusValue::Proposed);
    assert_eq!(section.status.raw, "");
    let front = parse(
        "0005-x.md",
        "---\nstatus: \"{accepted | rejected}\"\ndate: \"[YYYY-MM-DD]\"\n---\n# X\n",
    );
    assert_eq!(front.status.value, super::StatusValue::Proposed);
    assert_eq!((front.date, front.extra.len()), (None, 0));
    let placeholders = |r: &AdrRecord| {
        r.unmapped
            .iter()
            .filter(|u| u.what.contains("placeholder"))
            .count()
    };
    assert_eq!(
        [
            placeholders(&record),
            placeholders(&section),
            placeholders(&front)
        ],
        [2, 1, 2]
    );
}

/// Regression: `Deciders: Fredrik (potentially others, but …)` became two people; a list is
/// split only at commas outside parentheses and brackets.
#[test]
fn deciders_are_split_only_at_top_level_commas() {
    let text = "# X\n\nDeciders: Fredrik (maybe others, I forget), Ana [lead; on call]; Bo\n";
    let record = parse("0001-x.md", text);
    assert_eq!(
        record.deciders,
        [
            "Fredrik (maybe others, I forget)",
            "Ana [lead; on call]",
            "Bo"
        ]
    );
    let listed = parse("0002-x.md", "# X\n\n* Deciders: [Ana, Bo (backend)]\n");
    assert_eq!(listed.deciders, ["Ana", "Bo (backend)"]);
}
