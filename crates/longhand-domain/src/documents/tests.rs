//! Tests for document access, lifecycles and references.

use super::*;
use crate::workspace::Role;

fn facts(role: Role, classification: Classification) -> DocFacts {
    DocFacts {
        role,
        classification,
        space_visible: true,
        shared_space_visible: false,
        space_member: false,
        is_owner: false,
        named_reader: false,
    }
}

#[test]
fn classification_decides_who_reads() {
    use Classification::*;
    // (role, classification, space visible, space member, named reader, expected)
    let cases = [
        (Role::Guest, Public, true, false, false, true),
        (Role::Guest, Public, false, false, false, false),
        (Role::Guest, Internal, true, true, false, false),
        (Role::Member, Internal, true, false, false, true),
        (Role::Member, Internal, false, false, false, false),
        (Role::Admin, Internal, false, false, false, false),
        (Role::Member, Confidential, true, false, false, false),
        (Role::Member, Confidential, true, true, false, true),
        (Role::Guest, Confidential, true, true, false, true),
        (Role::Admin, Confidential, true, false, false, false),
        (Role::Member, Restricted, true, true, false, false),
        (Role::Member, Restricted, true, true, true, true),
        (Role::Admin, Restricted, true, true, false, false),
    ];
    for (role, class, visible, member, named, expected) in cases {
        let f = DocFacts {
            space_visible: visible,
            space_member: member,
            named_reader: named,
            ..facts(role, class)
        };
        assert_eq!(can_read(f), expected, "{role} reading {class}: {f:?}");
    }
}

#[test]
fn owners_always_read_and_edit_their_documents() {
    for class in Classification::ALL {
        let f = DocFacts {
            is_owner: true,
            space_visible: false,
            ..facts(Role::Guest, *class)
        };
        assert!(can_read(f) && can_edit(f) && can_govern(f), "{class}");
    }
}

#[test]
fn guests_read_public_documents_but_do_not_edit_them() {
    let f = facts(Role::Guest, Classification::Public);
    assert!(can_read(f));
    assert!(!can_edit(f));
}

#[test]
fn a_document_shared_into_a_visible_space_reaches_its_members() {
    let f = DocFacts {
        space_visible: false,
        shared_space_visible: true,
        space_member: true,
        ..facts(Role::Member, Classification::Confidential)
    };
    assert!(can_read(f));
    let internal = DocFacts {
        space_member: false,
        ..f
    };
    assert!(can_read(DocFacts {
        classification: Classification::Internal,
        ..internal
    }));
}

#[test]
fn admins_govern_only_what_they_can_read() {
    let readable = facts(Role::Admin, Classification::Internal);
    assert!(can_govern(readable));
    let unreadable = facts(Role::Admin, Classification::Restricted);
    assert!(!can_govern(unreadable));
}

#[test]
fn standard_lifecycle() {
    let l = lifecycle_of("rfc");
    assert_eq!(l.initial(), "draft");
    assert_eq!(l.check("draft", "Published"), Ok("published"));
    assert!(l.publishes("draft", "published"));
    assert!(!l.publishes("archived", "published"));
    let err = l.check("draft", "archived").unwrap_err().to_string();
    assert_eq!(
        err,
        "a draft document cannot become archived; from draft it can become: published"
    );
    assert!(l.parse("gone").is_err());
}

#[test]
fn decision_lifecycle_uses_adr_statuses() {
    let l = lifecycle_of("adr");
    assert_eq!(l.initial(), "proposed");
    assert_eq!(l.check("proposed", "accepted"), Ok("accepted"));
    assert_eq!(l.check("accepted", "superseded"), Ok("superseded"));
    let err = l.check("superseded", "accepted").unwrap_err().to_string();
    assert!(err.ends_with("nothing (it is final)"), "{err}");
}

fn handles(text: &str) -> Vec<String> {
    mentions(text).into_iter().map(|m| m.handle).collect()
}

#[test]
fn mentions_skip_code_emails_and_repeats() {
    let cases: &[(&str, &[&str])] = &[
        ("Thanks @Ana and @ben-k!", &["ana", "ben-k"]),
        ("@ana, @ana again", &["ana"]),
        ("mail ana@example.org", &[]),
        ("use `@decorator` here, but ask @chen", &["chen"]),
        ("```\n@inside code\n```\n@after", &["after"]),
        ("~~~~\n```\n@still-code\n~~~~\n(@dee)", &["dee"]),
        ("    @indented code", &[]),
        ("@a is too short, @_x starts badly", &[]),
        ("trailing dash @eve- ok", &["eve"]),
        ("**@fay** and [@gus](x)", &["fay", "gus"]),
    ];
    for (text, expected) in cases {
        assert_eq!(handles(text), *expected, "{text:?}");
    }
}

#[test]
fn mention_positions_are_line_and_column() {
    let found = mentions("first line\n  hi @ana");
    assert_eq!(found[0].position, crate::lint::Position::new(2, 6));
}

fn slugs(text: &str) -> Vec<String> {
    doc_refs(text).into_iter().map(|r| r.slug).collect()
}

#[test]
fn doc_refs_from_wiki_links_and_page_urls() {
    let cases: &[(&str, &[&str])] = &[
        (
            "See [[rfc-cache]] and [[Rfc-Cache|the cache RFC]].",
            &["rfc-cache"],
        ),
        (
            "[x](https://lh.example.org/docs/adr-7#decision)",
            &["adr-7"],
        ),
        ("[x](/docs/handbook-start/)", &["handbook-start"]),
        (
            "<https://lh.example.org/docs/ops-runbook?tab=history>",
            &["ops-runbook"],
        ),
        ("[x](https://example.org/blog/docs) [y](/spaces/ops)", &[]),
        ("`[[in-code]]`", &[]),
        ("[[bad slug!]]", &[]),
    ];
    for (text, expected) in cases {
        assert_eq!(slugs(text), *expected, "{text:?}");
    }
}
