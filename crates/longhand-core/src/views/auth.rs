//! An API token as its owner sees it: the name and prefix, never the secret or its hash.

use jiff::Timestamp;

/// An API token's metadata (never the secret).
#[derive(Debug, Clone)]
pub struct TokenRecord {
    pub id: i64,
    pub member_id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}
