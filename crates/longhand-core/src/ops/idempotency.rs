//! Safe retries: the `Idempotency-Key` rules (IETF httpapi draft), independent of HTTP.
//!
//! A caller's key is reserved before the request runs and completed with its response after;
//! a retry with the same key and the same request is answered with that response instead of
//! running again, so a create whose answer was lost does not make a second copy. The same key
//! with another request is refused, and so is a retry while the first is still running.
//! Keys are per caller, kept 24 hours, and purged as new ones arrive.
//!
//! Reserve-then-complete rather than one transaction with the created row: the key is taken
//! before any action runs, so it covers every creating route without each action knowing of
//! it. The cost is a window after a crash mid-request where the key stays reserved; a
//! reservation older than [`ABANDONED_AFTER`] is handed to the next request.

use super::{App, OpResult, commit};
use crate::store::idempotency as store;
pub use crate::views::idempotency::StoredResponse;
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

/// How long a key and its response are kept.
pub const KEPT_FOR: SignedDuration = SignedDuration::from_hours(24);

/// How long a reservation may stay incomplete before it counts as abandoned: far longer than
/// any request runs, so only a crashed process leaves one behind.
pub const ABANDONED_AFTER: SignedDuration = SignedDuration::from_mins(10);

/// The longest key accepted.
pub const MAX_KEY_LENGTH: usize = 255;

/// A key as a caller sent it: 1 to 255 printable ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Parses a key; the error says what a valid key looks like.
    pub fn parse(raw: &str) -> Result<IdempotencyKey, String> {
        if raw.is_empty() {
            return Err(
                "the Idempotency-Key is empty; send 1 to 255 characters, e.g. a UUID".into(),
            );
        }
        if raw.len() > MAX_KEY_LENGTH {
            return Err(format!(
                "the Idempotency-Key has {} characters; send at most {MAX_KEY_LENGTH}, e.g. a UUID",
                raw.len()
            ));
        }
        if !raw.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return Err("the Idempotency-Key may hold only printable ASCII characters".into());
        }
        Ok(IdempotencyKey(raw.to_owned()))
    }

    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What makes two requests "the same": method, path, query and body. A JSON body is
/// compared by value (key order and spacing do not matter); anything else byte for byte.
pub fn fingerprint(method: &str, path: &str, query: Option<&str>, body: &[u8]) -> String {
    let canonical = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|value| serde_json::to_vec(&value).ok());
    let mut hash = Sha256::new();
    for part in [method, path, query.unwrap_or("")] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.update(canonical.as_deref().unwrap_or(body));
    hex::encode(hash.finalize())
}

/// What to do with a request that carries a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// The key is new (or was abandoned): run the request, then [`complete`] or [`release`].
    Run,
    /// The same request ran before: answer with its response.
    Replay(StoredResponse),
    /// The same key is in use by a request that has not finished.
    InFlight,
    /// The key was used for a different request.
    Mismatch,
}

/// Reserves `key` for `caller`'s request with this fingerprint, or says why not.
pub async fn reserve(
    app: &App,
    caller: i64,
    key: &IdempotencyKey,
    fingerprint: &str,
) -> OpResult<Reservation> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    store::purge_expired(&mut tx, now).await?;
    let taken = store::reserve(
        &mut tx,
        caller,
        key.as_str(),
        fingerprint,
        now,
        expiry(now)?,
    )
    .await?;
    let outcome = if taken {
        Reservation::Run
    } else {
        match store::find(&mut tx, caller, key.as_str()).await? {
            Some(record) => judge(&mut tx, caller, key, fingerprint, record, now).await?,
            // Unreachable inside one write transaction; running is the safe answer.
            None => Reservation::Run,
        }
    };
    commit(tx).await?;
    Ok(outcome)
}

async fn judge(
    tx: &mut sqlx::AnyConnection,
    caller: i64,
    key: &IdempotencyKey,
    fingerprint: &str,
    record: store::KeyRecord,
    now: Timestamp,
) -> OpResult<Reservation> {
    if record.fingerprint != fingerprint {
        return Ok(Reservation::Mismatch);
    }
    if let Some(response) = record.response {
        return Ok(Reservation::Replay(response));
    }
    if now.duration_since(record.reserved_at) < ABANDONED_AFTER {
        return Ok(Reservation::InFlight);
    }
    store::take_over(tx, caller, key.as_str(), fingerprint, now).await?;
    Ok(Reservation::Run)
}

fn expiry(now: Timestamp) -> OpResult<Timestamp> {
    now.checked_add(KEPT_FOR)
        .map_err(|err| super::OpError::Internal(anyhow::anyhow!("key expiry: {err}")))
}

/// Keeps the response of a request that ran under `key`, for its retries.
pub async fn complete(
    app: &App,
    caller: i64,
    key: &IdempotencyKey,
    response: &StoredResponse,
) -> OpResult<()> {
    let mut tx = app.store().write().await?;
    store::complete(&mut tx, caller, key.as_str(), response).await?;
    commit(tx).await
}

/// Frees `key` after its request failed on our side, so a retry runs it again.
pub async fn release(app: &App, caller: i64, key: &IdempotencyKey) -> OpResult<()> {
    let mut tx = app.store().write().await?;
    store::release(&mut tx, caller, key.as_str()).await?;
    commit(tx).await
}

#[cfg(test)]
mod tests {
    use super::{IdempotencyKey, fingerprint};

    fn check(raw: &str, accepted: bool) {
        assert_eq!(IdempotencyKey::parse(raw).is_ok(), accepted, "{raw:?}");
    }

    #[test]
    fn keys_are_one_to_255_printable_ascii_characters() {
        check("8e03978e-40d5-43e8-bc93-6894a57f9324", true);
        check(&"k".repeat(255), true);
        check("with space", true);
        check("", false);
        check(&"k".repeat(256), false);
        check("tab\there", false);
        check("clé", false);
    }

    #[test]
    fn json_bodies_that_differ_only_in_spacing_or_key_order_are_the_same_request() {
        let a = fingerprint("POST", "/api/v1/spaces", None, br#"{"a": 1, "b": [2]}"#);
        let b = fingerprint("POST", "/api/v1/spaces", None, br#"{"b":[2],"a":1}"#);
        assert_eq!(a, b);
        let other = fingerprint("POST", "/api/v1/spaces", None, br#"{"b":[3],"a":1}"#);
        assert_ne!(a, other);
        let elsewhere = fingerprint("POST", "/api/v1/teams", None, br#"{"a": 1, "b": [2]}"#);
        assert_ne!(a, elsewhere);
    }
}
