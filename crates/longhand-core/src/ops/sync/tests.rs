//! The round side of sync escalation, on both databases: the one call the rounds code makes
//! when a round closes on standing objections, what readers see of it, and a call recorded and
//! written up on a document (the thread side runs end to end in `tests/it/sync.rs`).

use super::*;
use crate::clock::Clock;
use crate::ops::auth::{self, NewAccount};
use crate::ops::documents::{self as docs, DocInput, NewDocInput};
use crate::ops::spaces::{self, SpaceInput};
use longhand_domain::documents::Classification;
use longhand_domain::names::{DisplayName, Email, Handle};
use longhand_domain::workspace::{Role, SpacePurpose, Visibility};

async fn person(app: &App, handle: &str, zone: &str) -> Actor {
    let account = NewAccount {
        email: Email::parse(&format!("{handle}@example.org")).unwrap(),
        name: DisplayName::parse(&handle.to_uppercase()).unwrap(),
        handle: Some(Handle::parse(handle).unwrap()),
        role: Role::Member,
        password: None,
        time_zone: zone.to_owned(),
    };
    auth::create_account(app, None, account).await.unwrap()
}

/// A private space of `owner`'s with `reviewer` in it, an RFC there, and its first review
/// round asking `reviewer`: the round as a subject.
async fn proposal(app: &App, owner: &Actor, reviewer: &Actor) -> Subject {
    let space = SpaceInput {
        name: DisplayName::parse(&format!("Payments {}", owner.handle)).unwrap(),
        slug: None,
        description: String::new(),
        purpose: SpacePurpose::Design,
        visibility: Visibility::Private,
        noise: None,
    };
    spaces::create(app, owner, space).await.unwrap();
    let handle = Handle::parse(&reviewer.handle).unwrap();
    let role = longhand_domain::workspace::SpaceRole::Member;
    let slug = format!("payments-{}", owner.handle);
    spaces::add_member(app, owner, &slug, &handle, role)
        .await
        .unwrap();
    let content = DocInput {
        title: "Move to a ledger".into(),
        intent: "Decide how we record payments".into(),
        classification: Some(Classification::Internal),
        body: "## Context\n\nWe lose cents.\n".into(),
        ..DocInput::default()
    };
    let input = NewDocInput {
        space: slug,
        kind: "rfc".into(),
        parent: None,
        source_thread_id: None,
        content,
    };
    let doc = docs::create(app, owner, input).await.unwrap().doc;
    let open = crate::ops::reviews::OpenInput {
        reviewers: Some(vec![reviewer.handle.clone()]),
        ..Default::default()
    };
    let round = crate::ops::reviews::open(app, owner, &doc.slug, open)
        .await
        .unwrap();
    Subject::Round {
        document_id: doc.id,
        round_id: round.round.id,
    }
}

async fn suggest(app: &App, subject: Subject, people: &[i64]) -> OpResult<Option<i64>> {
    let mut tx = app.store().write().await?;
    let made = suggest_call(app, &mut tx, subject, people, Reason::Objections).await?;
    commit(tx).await?;
    Ok(made)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_closing_on_objections_suggests_one_call_its_readers_see() {
    for t in crate::store::testing::stores().await {
        let at: Timestamp = "2026-03-10T10:00:00.123456Z".parse().unwrap();
        let app = App::new(t.store.clone(), Clock::fake(at));
        let owner = person(&app, "ana", "Europe/Berlin").await;
        let reviewer = person(&app, "ben", "America/New_York").await;
        let outsider = person(&app, "cy", "Europe/Berlin").await;
        let round = proposal(&app, &owner, &reviewer).await;
        let people = [owner.id, reviewer.id];
        assert!(suggest(&app, round, &people).await.unwrap().is_some());
        // A second close of the same round (a retried job) suggests nothing more.
        assert_eq!(suggest(&app, round, &people).await.unwrap(), None);
        let seen = get(&app, &reviewer, round).await.unwrap();
        let suggestion = seen.suggestion.expect("the open suggestion");
        assert_eq!(suggestion.reason, Reason::Objections);
        assert!(suggestion.can_act);
        let handles: Vec<&str> = suggestion
            .people
            .iter()
            .map(|(p, _)| p.handle.as_str())
            .collect();
        assert_eq!(handles, ["ana", "ben"]);
        // Berlin and New York share 13:00–16:00 UTC this week; the first quarter hour is 13:00.
        assert_eq!(
            suggestion.suggested_at.map(|t| t.to_string()).as_deref(),
            Some("2026-03-10T13:00:00Z")
        );
        let hidden = get(&app, &outsider, round).await.unwrap_err();
        assert!(
            matches!(hidden, OpError::NotFound("document")),
            "{hidden:?}"
        );
        let refused = dismiss(&app, &outsider, round).await.unwrap_err();
        assert!(matches!(refused, OpError::NotFound(_)), "{refused:?}");
        // A round named with another document's id is no round of it.
        let Subject::Round { round_id, .. } = round else {
            unreachable!()
        };
        let elsewhere = proposal(&app, &outsider, &owner).await;
        let Subject::Round { document_id, .. } = elsewhere else {
            unreachable!()
        };
        let crossed = Subject::Round {
            document_id,
            round_id,
        };
        let refused = get(&app, &outsider, crossed).await.unwrap_err();
        assert!(
            matches!(refused, OpError::NotFound("review round")),
            "{refused:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_on_a_round_is_written_up_on_the_call_and_answers_its_ask() {
    for t in crate::store::testing::stores().await {
        let at: Timestamp = "2026-03-11T14:30:00.654321Z".parse().unwrap();
        let app = App::new(t.store.clone(), Clock::fake(at));
        let owner = person(&app, "ana", "America/Sao_Paulo").await;
        let reviewer = person(&app, "ben", "Europe/Berlin").await;
        let round = proposal(&app, &owner, &reviewer).await;
        suggest(&app, round, &[owner.id, reviewer.id])
            .await
            .unwrap();
        let call = record_call(&app, &owner, round, CallInput::default())
            .await
            .unwrap();
        // Ana records and owns it, so Ben asks her; São Paulo is UTC−3, so the outcome of a
        // call recorded at 11:30:00.654321 local is due at 11:30 local the next business day
        // (the calendar engine counts whole seconds).
        assert_eq!(call.ask.asker_handle, "ben");
        assert_eq!(call.ask.responder_handle, "ana");
        assert_eq!(call.ask.subject.as_deref(), Some("move-to-a-ledger"));
        assert_eq!(
            call.ask.due_at.map(|t| t.to_string()).as_deref(),
            Some("2026-03-12T14:30:00Z")
        );
        assert!(get(&app, &owner, round).await.unwrap().suggestion.is_none());
        let refused = post_outcome(&app, &reviewer, round, call.call.id, "We ship")
            .await
            .unwrap_err();
        assert!(matches!(refused, OpError::Forbidden(_)), "{refused:?}");
        let written = post_outcome(&app, &owner, round, call.call.id, "Ledger, **in April**.")
            .await
            .unwrap();
        assert_eq!(
            written.call.outcome.as_deref(),
            Some("Ledger, **in April**.")
        );
        assert_eq!(written.call.outcome_comment_id, None);
        assert_eq!(written.ask.state, "answered");
        assert!(
            written
                .outcome_html
                .unwrap()
                .contains("<strong>in April</strong>")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suggestion_names_two_to_twelve_different_people() {
    for t in crate::store::testing::stores().await {
        let at: Timestamp = "2026-03-10T10:00:00Z".parse().unwrap();
        let app = App::new(t.store.clone(), Clock::fake(at));
        let owner = person(&app, "ana", "Europe/Berlin").await;
        let reviewer = person(&app, "ben", "Europe/Berlin").await;
        let round = proposal(&app, &owner, &reviewer).await;
        for people in [vec![owner.id], vec![owner.id, owner.id]] {
            let refused = suggest(&app, round, &people).await.unwrap_err();
            assert!(matches!(refused, OpError::Invalid(_)), "{refused:?}");
        }
    }
}
