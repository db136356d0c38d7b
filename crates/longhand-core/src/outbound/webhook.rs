//! Generic JSON webhooks signed per the Standard Webhooks specification
//! (<https://www.standardwebhooks.com/>), so receivers verify them with the published
//! libraries.
//!
//! Each request carries `webhook-id` (the delivery's idempotency key, the same on every
//! attempt), `webhook-timestamp` (unix seconds of this attempt) and `webhook-signature`:
//! `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`, keyed with the base64-decoded
//! part of the secret after `whsec_`. The body is
//! `{"type": …, "timestamp": RFC 3339, "data": {subject, text, link, thread, key}}`, with the
//! message's own time, so every attempt sends the same bytes.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use serde_json::json;
use sha2::Sha256;

use super::{Message, Sent};

/// How many random bytes a generated secret has (the specification asks for 24 to 64).
const SECRET_BYTES: usize = 32;

/// A Standard Webhooks signing secret: `whsec_` and base64 of its key bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    key: Vec<u8>,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// Reads `whsec_…`; the key must be valid base64 of 24 to 64 bytes.
    pub fn parse(text: &str) -> Result<Secret, String> {
        let Some(encoded) = text.trim().strip_prefix("whsec_") else {
            return Err("a webhook secret starts with whsec_".to_owned());
        };
        let key = STANDARD
            .decode(encoded)
            .map_err(|_| "the part of a webhook secret after whsec_ must be base64".to_owned())?;
        if !(24..=64).contains(&key.len()) {
            return Err(format!(
                "a webhook secret holds 24 to 64 bytes, this one {}",
                key.len()
            ));
        }
        Ok(Secret { key })
    }

    /// A new random secret.
    pub fn generate() -> Result<Secret, String> {
        let mut key = vec![0u8; SECRET_BYTES];
        getrandom::fill(&mut key).map_err(|err| format!("no randomness available: {err}"))?;
        Ok(Secret { key })
    }

    /// The `whsec_…` form, to show once and to store.
    pub fn expose(&self) -> String {
        format!("whsec_{}", STANDARD.encode(&self.key))
    }

    /// The `webhook-signature` value for a message id, a timestamp and a body.
    pub fn sign(&self, id: &str, timestamp: i64, body: &str) -> String {
        // HMAC takes keys of any length, so this cannot fail; the fallback only satisfies
        // the type.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            return String::new();
        };
        mac.update(format!("{id}.{timestamp}.").as_bytes());
        mac.update(body.as_bytes());
        format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
    }
}

/// The body of a message: the same bytes on every attempt.
pub fn body(message: &Message<'_>) -> String {
    json!({
        "type": format!("longhand.{}", message.class),
        "timestamp": message.created_at.to_string(),
        "data": {
            "subject": message.subject,
            "text": message.text,
            "link": message.link,
            "thread": message.thread,
            "key": message.key,
        }
    })
    .to_string()
}

/// Sends a message to `url`, signed with `secret` at `now`.
pub async fn send(
    url: &str,
    secret: &Secret,
    message: &Message<'_>,
    now: Timestamp,
) -> Result<Sent, String> {
    let body = body(message);
    let timestamp = now.as_second();
    let headers = [
        ("webhook-id", message.id.to_owned()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", secret.sign(message.id, timestamp, &body)),
    ];
    super::post_json(url, &headers, body).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks reference implementations' test suites.
    #[test]
    fn signatures_match_the_specifications_example() {
        let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn secrets_are_checked_when_read() {
        let check = |text: &str, part: &str| {
            let err = Secret::parse(text).unwrap_err();
            assert!(err.contains(part), "{text}: {err}");
        };
        check("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "starts with whsec_");
        check("whsec_not base64!", "must be base64");
        check("whsec_c2hvcnQ=", "24 to 64 bytes, this one 5");
        let made = Secret::generate().unwrap();
        assert_eq!(Secret::parse(&made.expose()).unwrap(), made);
        assert!(made.expose().starts_with("whsec_"));
    }
}
