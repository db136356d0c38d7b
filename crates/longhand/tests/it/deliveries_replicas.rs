//! Two replicas on one PostgreSQL database, one killed between sending a webhook and
//! committing that it did: its lease runs out, the other replica sends the message again
//! under the same `webhook-id`, and counted by id every message arrives exactly once.

use crate::helpers::{Db, TestApp};
use crate::notify_support::Receiver;
use jiff::SignedDuration;
use longhand_core::Store;
use longhand_core::clock::Clock;
use longhand_core::ops::App;
use longhand_core::ops::deliveries;
use longhand_core::worker;
use longhand_domain::workspace::Role;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_killed_between_send_and_commit_leaves_the_delivery_to_another_under_the_same_id()
{
    let Some(one) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let store = Store::connect(&one.database_url).await.unwrap();
    let two = App::new(store, Clock::fake(one.app.now()));
    let receiver = Receiver::start().await;
    let mel = one.signed_in("mel", Role::Member).await;
    let hook = json!({"kind": "webhook", "target": receiver.url});
    assert_eq!(mel.post("/api/v1/me/channels", hook).await.0, 201);
    for n in 1..=2 {
        let message = crate::deliveries::urgent(n);
        assert_eq!(
            deliveries::send(&one.app, mel.actor.id, &message)
                .await
                .unwrap(),
            1
        );
    }

    // Replica one sends the first message; the receiver has it, the answer never comes, and
    // the replica dies before its transaction commits.
    receiver.set_hold(true);
    let app = one.app.clone();
    let dying = tokio::spawn(async move { worker::run_one(&app, "replica-one").await });
    receiver.wait_for(1).await;
    dying.abort();
    assert!(dying.await.unwrap_err().is_cancelled());
    receiver.set_hold(false);
    let held = receiver.requests()[0].clone();

    // Within the lease, replica two leaves that job alone and sends the other message.
    two.clock()
        .set(one.app.now() + SignedDuration::from_secs(5));
    assert_eq!(worker::run_due(&two, "replica-two").await.unwrap(), 1);
    // Past the lease it redoes the first, under the same id and with the same body.
    two.clock()
        .set(one.app.now() + SignedDuration::from_secs(11));
    assert_eq!(worker::run_due(&two, "replica-two").await.unwrap(), 1);
    two.clock()
        .set(one.app.now() + SignedDuration::from_hours(2));
    assert_eq!(worker::run_due(&two, "replica-two").await.unwrap(), 0);

    let by_id = receiver.accepted_by_id();
    assert_eq!(
        by_id.len(),
        2,
        "counted by id, each message once: {by_id:?}"
    );
    assert_eq!(
        by_id[held.id()],
        2,
        "the first twice on the wire, under one id"
    );
    let again = receiver
        .accepted()
        .into_iter()
        .rfind(|r| r.id() == held.id())
        .unwrap();
    assert_eq!(again.body, held.body, "the same bytes");
    let sent = one
        .count("SELECT COUNT(*) FROM deliveries WHERE state = 'sent'")
        .await;
    assert_eq!(sent, 2);
    two.store().close().await;
    one.stop().await;
}
