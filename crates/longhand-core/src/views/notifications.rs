//! One in-app notification.

use jiff::Timestamp;

/// A notification, read or not.
#[derive(Debug, Clone)]
pub struct NotificationRecord {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}
