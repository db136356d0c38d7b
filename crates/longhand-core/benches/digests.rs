//! Composing digests at scale (issue #12): 10,000 members with a month of activity — asks,
//! notifications, decision records, review rounds, last night's digests — in a SQLite
//! database, then every member's digest composed at once (`ops::digests::dry_run`, the
//! same gathering and rules the digest job runs, without sending). Target: under 10 s on a
//! two-core machine.
//!
//! Run with `scripts/bench-digest.sh` (or `cargo bench -p longhand-core --bench digests`);
//! `DIGEST_BENCH_MEMBERS` sets the number of members. `cargo test` runs it as a smoke of
//! 200 members.
//!
//! The workspace is written straight into the tables (seeding through `ops` would time the
//! seeding, not the digests), from a fixed seed, so every run composes the same digests.

use jiff::{SignedDuration, Timestamp};
use longhand_core::Store;
use longhand_core::clock::Clock;
use longhand_core::ops::App;
use longhand_core::ops::digests::dry_run;
use sqlx::{AnyConnection, Connection};
use std::time::Instant;

/// The instant digests are composed at: a Wednesday morning, Berlin's 09:00.
const NOW: &str = "2026-03-11T08:00:00.250001Z";
const DAY: i64 = 86_400_000_000;
const SPACES: i64 = 40;
const PRIVATE_EVERY: i64 = 8;

/// A small deterministic generator (xorshift), so runs compare.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: i64) -> i64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as i64
    }
}

fn calendar(i: i64) -> String {
    let zone = [
        "Europe/Berlin",
        "Asia/Kolkata",
        "America/St_Johns",
        "America/New_York",
    ][i as usize % 4];
    let day = r#"["09:00-17:00"]"#;
    format!(
        r#"{{"time_zone":"{zone}","working_hours":{{"mon":{day},"tue":{day},"wed":{day},"thu":{day},"fri":{day}}},"holidays":[],"time_off":[],"focus_blocks":[{{"days":["tue","thu"],"start":"13:00","end":"15:00"}}]}}"#
    )
}

async fn exec(conn: &mut AnyConnection, sql: &'static str, args: &[i64], text: &[&str]) {
    let mut query = sqlx::query(sql);
    for a in args {
        query = query.bind(*a);
    }
    for t in text {
        query = query.bind(*t);
    }
    query.execute(&mut *conn).await.expect("seed row");
}

async fn seed_people(conn: &mut AnyConnection, members: i64, start: i64) {
    for i in 1..=members {
        let (handle, email) = (format!("m{i}"), format!("m{i}@example.org"));
        let (name, cal) = (format!("Member {i}"), calendar(i));
        exec(conn, "INSERT INTO members (id, created_at, updated_at, handle, email, name, role, calendar) VALUES ($1, $2, $2, $3, $4, $5, 'member', $6)",
            &[i, start], &[&handle, &email, &name, &cal]).await;
    }
    for s in 1..=SPACES {
        let visibility = if s % PRIVATE_EVERY == 0 {
            "private"
        } else {
            "workspace"
        };
        let slug = format!("space-{s}");
        exec(conn, "INSERT INTO spaces (id, created_by, created_at, slug, name, purpose, visibility, noise) VALUES ($1, 1, $2, $3, $3, 'design', $4, 'digest')",
            &[s, start], &[&slug, visibility]).await;
    }
    for i in 1..=members {
        for s in [i % SPACES + 1, (i * 7) % SPACES + 1] {
            exec(conn, "INSERT INTO space_members (space_id, member_id, joined_at, role) VALUES ($1, $2, $3, 'member') ON CONFLICT DO NOTHING",
                &[s, i, start], &[]).await;
        }
    }
}

/// Decision records (a few a day, some confidential) and handbook pages people are
/// mentioned in.
async fn seed_documents(conn: &mut AnyConnection, rng: &mut Rng, members: i64, start: i64) -> i64 {
    let documents = (members / 20).max(40);
    for d in 1..=documents {
        let kind = if d % 3 == 0 { "adr" } else { "handbook" };
        let class = ["internal", "public", "confidential", "internal"][(d % 4) as usize];
        let (slug, title) = (format!("doc-{d}"), format!("Document {d}"));
        let at = start + rng.below(30 * DAY);
        exec(conn, "INSERT INTO documents (id, space_id, owner_id, revision, created_at, updated_at, slug, kind, title, intent, classification, status, tags, fields, body)
                    VALUES ($1, $2, $3, 1, $4, $4, $5, $6, $7, 'Why', $8, 'accepted', '[]', '[]', 'Body')",
            &[d, d % SPACES + 1, rng.below(members) + 1, at], &[&slug, kind, &title, class]).await;
    }
    documents
}

/// A month of asks per member: most answered, a few open (some overdue).
async fn seed_asks(conn: &mut AnyConnection, rng: &mut Rng, members: i64, now: i64) -> i64 {
    let mut id = 0;
    for responder in 1..=members {
        for k in 0..12 {
            id += 1;
            let created = now - rng.below(30 * DAY);
            let open = k < 3;
            let state = if open { "open" } else { "answered" };
            let asker = rng.below(members) + 1;
            let title = format!("Question {id}");
            exec(conn, "INSERT INTO asks (id, asker_id, responder_id, counts_urgent, created_at, due_at, kind, urgency, target, title, body, state)
                        VALUES ($1, $2, $3, 0, $4, $5, 'input', 'normal', '1 business day', $6, '', $7)",
                &[id, asker, responder, created, created + DAY], &[&title, state]).await;
        }
    }
    id
}

/// A month of notifications per member: older ones read or in last night's digest, the
/// last day's unread.
async fn seed_notifications(
    conn: &mut AnyConnection,
    rng: &mut Rng,
    members: i64,
    asks: i64,
    docs: i64,
    now: i64,
) {
    let mut id = 0;
    for member in 1..=members {
        exec(conn, "INSERT INTO digests (id, member_id, at, sent_at, item_count, headline, items) VALUES ($1, $1, $2, $2, 3, '3 updates', '[]')",
            &[member, now - DAY], &[]).await;
        for k in 0..30 {
            id += 1;
            let created = now - rng.below(30 * DAY);
            let link = match k % 3 {
                0 => format!("/asks/{}", rng.below(asks) + 1),
                1 => format!("/docs/doc-{}", rng.below(docs) + 1),
                _ => format!("/meetings/planned/{}", rng.below(100) + 1),
            };
            let read = created < now - 2 * DAY && k % 5 != 0;
            let key = format!("n:{id}");
            let query = if read {
                "INSERT INTO notifications (id, member_id, created_at, read_at, link, dedupe_key, kind, title, body) VALUES ($1, $2, $3, $3, $4, $5, 'mention', 'Something happened', 'Details')"
            } else {
                "INSERT INTO notifications (id, member_id, created_at, link, dedupe_key, kind, title, body) VALUES ($1, $2, $3, $4, $5, 'mention', 'Something happened', 'Details')"
            };
            exec(conn, query, &[id, member, created], &[&link, &key]).await;
            if !read && created < now - DAY {
                let key = format!("notification:{id}");
                exec(
                    conn,
                    "INSERT INTO digest_items (member_id, digest_id, key) VALUES ($1, $1, $2)",
                    &[member],
                    &[&key],
                )
                .await;
            }
        }
    }
}

/// Open review rounds closing within the day, each asking ten people.
async fn seed_reviews(conn: &mut AnyConnection, rng: &mut Rng, members: i64, docs: i64, now: i64) {
    for round in 1..=(members / 100).max(5) {
        let doc = rng.below(docs) + 1;
        exec(conn, "INSERT INTO review_rounds (id, document_id, number, owner_id, opened_at, closes_at, closing_soon_at, state, reversibility, window_text)
                    VALUES ($1, $2, $1, 1, $3, $4, $5, 'open', 'reversible', '3 business days')",
            &[round, doc, now - 2 * DAY, now + DAY / 2, now - DAY / 2], &[]).await;
        for _ in 0..10 {
            exec(conn, "INSERT INTO review_participants (round_id, member_id, role) VALUES ($1, $2, 'reviewer') ON CONFLICT DO NOTHING",
                &[round, rng.below(members) + 1], &[]).await;
        }
    }
}

async fn seed(url: &str, members: i64, now: Timestamp) {
    let mut conn = AnyConnection::connect(url).await.expect("connect");
    let now = now.as_microsecond();
    let start = now - 35 * DAY;
    let mut rng = Rng(0x2026_0311);
    let mut tx = conn.begin().await.expect("begin");
    seed_people(&mut tx, members, start).await;
    let docs = seed_documents(&mut tx, &mut rng, members, start).await;
    let asks = seed_asks(&mut tx, &mut rng, members, now).await;
    seed_notifications(&mut tx, &mut rng, members, asks, docs, now).await;
    seed_reviews(&mut tx, &mut rng, members, docs, now).await;
    tx.commit().await.expect("commit");
}

#[tokio::main]
async fn main() {
    sqlx::any::install_default_drivers();
    // `cargo bench` passes `--bench`; `cargo test --all-targets` (CI) runs this binary
    // without it, as a bounded smoke of a few hundred members.
    let benching = std::env::args().any(|a| a == "--bench");
    let members: i64 = std::env::var("DIGEST_BENCH_MEMBERS")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(if benching { 10_000 } else { 200 });
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.sqlite3").display()
    );
    let store = Store::connect(&url).await.expect("open");
    store.migrate().await.expect("migrate");
    let now: Timestamp = NOW.parse().expect("instant");
    let seeding = Instant::now();
    seed(&url, members, now).await;
    println!(
        "seeded {members} members with a month of activity in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    let app = App::new(store, Clock::fake(now));
    let parallel = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut best = SignedDuration::MAX;
    for run in 1..=3 {
        let started = Instant::now();
        let result = dry_run(&app, now, parallel).await.expect("compose");
        let took = SignedDuration::try_from(started.elapsed()).expect("duration");
        best = best.min(took);
        println!(
            "run {run}: composed {} digests ({} would go, {} items) in {:.2} s",
            result.members,
            result.would_send,
            result.items,
            took.as_secs_f64()
        );
        assert_eq!(
            result.members as i64, members,
            "every member was composed for"
        );
        assert!(
            result.would_send > 0,
            "a month of activity leaves something to send"
        );
    }
    println!(
        "digests: {members} members composed in {:.2} s (best of 3, {parallel} connections; target < 10 s for 10,000)",
        best.as_secs_f64()
    );
}
