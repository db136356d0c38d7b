//! The event log: an append-only, hash-chained record of every change.
//!
//! Each entry stores `hash = SHA-256(prev_hash ‖ canonical(entry))`, where the canonical form
//! length-prefixes every field so no two different entries encode alike. Ids are assigned here
//! as `previous id + 1`, never by a sequence, so a missing row breaks the chain visibly.
//!
//! Appends are serialised: on SQLite by the single writer and `BEGIN IMMEDIATE`, on PostgreSQL
//! by an exclusive lock on the table that readers do not wait for. The chain therefore never
//! forks, even with several replicas.

use super::bulk::{self, BulkRow, Cell};
use super::{Dialect, StoreResult, from_micros, micros};
use crate::views::events::{ChainBreak, ChainHead, Event};
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use sqlx::Row;

/// The hash that the first entry commits to.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A change to record: who did what, with a JSON payload.
#[derive(Debug, Clone)]
pub(crate) struct NewEvent<'a> {
    pub actor_id: Option<i64>,
    pub kind: &'a str,
    pub payload: serde_json::Value,
}

/// The canonical encoding that the hash covers.
pub(crate) fn entry_hash(
    prev_hash: &str,
    id: i64,
    actor_id: Option<i64>,
    at: i64,
    kind: &str,
    payload: &str,
) -> String {
    let actor = actor_id.map(|a| a.to_string()).unwrap_or_default();
    let mut hasher = Sha256::new();
    for field in [
        prev_hash,
        &id.to_string(),
        &actor,
        &at.to_string(),
        kind,
        payload,
    ] {
        hasher.update(field.len().to_string().as_bytes());
        hasher.update(b":");
        hasher.update(field.as_bytes());
        hasher.update(b";");
    }
    hex::encode(hasher.finalize())
}

/// Appends one entry inside the caller's write transaction and returns its id.
pub(crate) async fn append(
    conn: &mut AnyConnection,
    dialect: Dialect,
    now: Timestamp,
    event: NewEvent<'_>,
) -> StoreResult<i64> {
    let head = locked_head(conn, dialect).await?;
    let id = head.id + 1;
    // serde_json's default map is ordered by key, so the payload text is canonical.
    let payload = event.payload.to_string();
    let at = micros(now);
    let hash = entry_hash(&head.hash, id, event.actor_id, at, event.kind, &payload);
    sqlx::query("INSERT INTO events (id, actor_id, at, kind, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(id)
        .bind(event.actor_id)
        .bind(at)
        .bind(event.kind)
        .bind(payload)
        .bind(&head.hash)
        .bind(hash)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

/// One entry of a batch: like [`NewEvent`], with its payload already as canonical text.
#[derive(Debug, Clone)]
pub(crate) struct BatchEvent {
    pub actor_id: Option<i64>,
    pub kind: &'static str,
    pub payload: String,
}

/// An event row as the bulk insert writes it.
struct EventRow<'a> {
    id: i64,
    actor_id: Option<i64>,
    at: i64,
    kind: &'a str,
    payload: &'a str,
    prev_hash: String,
    hash: String,
}

impl BulkRow for EventRow<'_> {
    const TABLE: &'static str = "events";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "actor_id",
        "at",
        "kind",
        "payload",
        "prev_hash",
        "hash",
    ];
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([
            Cell::Int(Some(self.id)),
            Cell::Int(self.actor_id),
            Cell::Int(Some(self.at)),
            Cell::Text(Some(self.kind)),
            Cell::Text(Some(self.payload)),
            Cell::Text(Some(&self.prev_hash)),
            Cell::Text(Some(&self.hash)),
        ]);
    }
}

/// Appends `events` in order inside the caller's write transaction, all at `now`, with
/// multi-row inserts; returns the last id (the head's when `events` is empty).
///
/// The chain is the same as [`append`]'s, one entry at a time: the lock and the head are
/// taken once, then each entry's id is the previous one's plus one and its hash covers the
/// previous entry's hash, computed here in order before anything is written.
pub(crate) async fn append_many(
    conn: &mut AnyConnection,
    dialect: Dialect,
    now: Timestamp,
    events: &[BatchEvent],
) -> StoreResult<i64> {
    let head = locked_head(conn, dialect).await?;
    let at = micros(now);
    let (mut id, mut prev_hash) = (head.id, head.hash);
    let mut rows = Vec::with_capacity(events.len());
    for event in events {
        id += 1;
        let hash = entry_hash(
            &prev_hash,
            id,
            event.actor_id,
            at,
            event.kind,
            &event.payload,
        );
        rows.push(EventRow {
            id,
            actor_id: event.actor_id,
            at,
            kind: event.kind,
            payload: &event.payload,
            prev_hash: std::mem::replace(&mut prev_hash, hash.clone()),
            hash,
        });
    }
    bulk::insert(conn, &rows).await?;
    Ok(id)
}

/// Takes the log's write lock (PostgreSQL; SQLite's write transaction already holds the
/// database) and reads the head the next entry chains to.
async fn locked_head(conn: &mut AnyConnection, dialect: Dialect) -> StoreResult<ChainHead> {
    if dialect == Dialect::Postgres {
        sqlx::query("LOCK TABLE events IN EXCLUSIVE MODE")
            .execute(&mut *conn)
            .await?;
    }
    head(conn).await
}

/// The newest entry, or the genesis head of an empty log.
pub(crate) async fn head(conn: &mut AnyConnection) -> StoreResult<ChainHead> {
    let row = sqlx::query("SELECT id, hash, at FROM events ORDER BY id DESC LIMIT 1")
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        None => Ok(ChainHead {
            id: 0,
            hash: GENESIS.to_owned(),
            at: None,
        }),
        Some(row) => Ok(ChainHead {
            id: row.try_get(0)?,
            hash: row.try_get(1)?,
            at: Some(from_micros(row.try_get(2)?)?),
        }),
    }
}

/// The ids and kinds of the newest `limit` entries with ids greater than `after`, newest
/// first.
pub(crate) async fn latest_kinds_after(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, kind FROM events WHERE id > $1 ORDER BY id DESC LIMIT $2")
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect()
}

/// Up to `limit` entries with ids greater than `after`, oldest first.
pub(crate) async fn page(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<Event>> {
    let rows = sqlx::query(
        "SELECT id, actor_id, at, kind, payload, prev_hash, hash FROM events WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Event {
                id: row.try_get(0)?,
                actor_id: row.try_get(1)?,
                at: from_micros(row.try_get(2)?)?,
                kind: row.try_get(3)?,
                payload: row.try_get(4)?,
                prev_hash: row.try_get(5)?,
                hash: row.try_get(6)?,
            })
        })
        .collect()
}

/// The newest entries first, for the admin's activity view.
pub(crate) async fn recent(conn: &mut AnyConnection, limit: i64) -> StoreResult<Vec<Event>> {
    let head = head(conn).await?;
    let mut events = page(conn, (head.id - limit).max(0), limit).await?;
    events.reverse();
    Ok(events)
}

/// Checks one entry against its predecessor's id and hash.
pub(crate) fn check_link(prev_id: i64, prev_hash: &str, event: &Event) -> Result<(), ChainBreak> {
    let broken = |reason: String| {
        Err(ChainBreak {
            id: event.id,
            reason,
        })
    };
    if event.id != prev_id + 1 {
        return broken(format!(
            "entry {} follows entry {prev_id}: entries are missing",
            event.id
        ));
    }
    if event.prev_hash != prev_hash {
        return broken(format!(
            "entry {} does not point at the hash of entry {prev_id}",
            event.id
        ));
    }
    let expected = entry_hash(
        prev_hash,
        event.id,
        event.actor_id,
        micros(event.at),
        &event.kind,
        &event.payload,
    );
    if event.hash != expected {
        return broken(format!(
            "entry {} has been altered: its hash does not match its content",
            event.id
        ));
    }
    Ok(())
}

/// Walks the whole chain in pages. Returns the verified head or the first break.
pub(crate) async fn verify(conn: &mut AnyConnection) -> StoreResult<Result<ChainHead, ChainBreak>> {
    let (mut last_id, mut last_hash, mut last_at) = (0, GENESIS.to_owned(), None);
    loop {
        let events = page(conn, last_id, 2000).await?;
        if events.is_empty() {
            return Ok(Ok(ChainHead {
                id: last_id,
                hash: last_hash,
                at: last_at,
            }));
        }
        for event in events {
            if let Err(chain_break) = check_link(last_id, &last_hash, &event) {
                return Ok(Err(chain_break));
            }
            (last_id, last_hash, last_at) = (event.id, event.hash, Some(event.at));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: i64, prev_hash: &str, payload: &str) -> Event {
        let at = Timestamp::from_second(1_700_000_000).unwrap();
        let hash = entry_hash(
            prev_hash,
            id,
            Some(1),
            micros(at),
            "member.updated",
            payload,
        );
        Event {
            id,
            actor_id: Some(1),
            at,
            kind: "member.updated".into(),
            payload: payload.into(),
            prev_hash: prev_hash.into(),
            hash,
        }
    }

    #[test]
    fn fields_are_length_prefixed_so_shifting_text_between_them_changes_the_hash() {
        let a = entry_hash(GENESIS, 1, None, 5, "ab", "c");
        let b = entry_hash(GENESIS, 1, None, 5, "a", "bc");
        assert_ne!(a, b);
    }

    #[test]
    fn a_valid_link_verifies_and_every_kind_of_tampering_is_named() {
        let first = event(1, GENESIS, "{}");
        assert_eq!(check_link(0, GENESIS, &first), Ok(()));

        let mut altered = first.clone();
        altered.payload = "{\"x\":1}".into();
        assert_eq!(
            check_link(0, GENESIS, &altered).unwrap_err().reason,
            "entry 1 has been altered: its hash does not match its content"
        );

        let second = event(3, &first.hash, "{}");
        assert_eq!(
            check_link(1, &first.hash, &second).unwrap_err().reason,
            "entry 3 follows entry 1: entries are missing"
        );

        let forked = event(2, GENESIS, "{}");
        assert_eq!(
            check_link(1, &first.hash, &forked).unwrap_err().reason,
            "entry 2 does not point at the hash of entry 1"
        );
    }
}
