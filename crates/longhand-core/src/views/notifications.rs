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
    /// `normal`, `urgent` or `sev1`.
    pub urgency: String,
    /// What it is about (`ask:12`); acting on it clears the notification.
    pub subject: Option<String>,
    /// `now`, `at` or `digest`: how it reaches the member outside the app.
    pub route: String,
    /// When the copy outside the app goes (`now`, `at`).
    pub deliver_at: Option<Timestamp>,
    /// Hidden until then by "remind me later".
    pub snoozed_until: Option<Timestamp>,
}
