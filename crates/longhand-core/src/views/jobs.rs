//! A job that failed too often and waits for an operator.

use jiff::Timestamp;

/// A job that was given up on.
#[derive(Debug, Clone)]
pub struct DeadJob {
    pub id: i64,
    pub kind: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub dead_at: Timestamp,
}
