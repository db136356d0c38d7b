//! A discussion thread and one comment in it, as a reader sees them.

use jiff::Timestamp;

/// A thread.
#[derive(Debug, Clone)]
pub struct ThreadRecord {
    pub id: i64,
    pub space_id: i64,
    pub document_id: Option<i64>,
    /// The heading anchor a document thread is attached to.
    pub anchor: Option<String>,
    /// The heading's text when the thread was started, to say which section it was about
    /// if that section is later removed.
    pub anchor_text: Option<String>,
    pub title: String,
    pub created_by: i64,
    pub author_handle: String,
    pub author_name: String,
    pub created_at: Timestamp,
    pub last_activity_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub resolved_by_handle: Option<String>,
    pub elevated_to: Option<i64>,
    pub comment_count: i64,
}

/// A comment.
#[derive(Debug, Clone)]
pub struct CommentRecord {
    pub id: i64,
    pub thread_id: i64,
    pub author_id: i64,
    pub author_handle: String,
    pub author_name: String,
    pub body: String,
    pub created_at: Timestamp,
}
