//! A document as a reader sees it, with what the reader may do (`ViewerFacts`), and one revision of its history.

use jiff::Timestamp;
use longhand_domain::documents::{Classification, FieldValue};
use longhand_domain::workspace::Visibility;

/// A document, as one viewer sees it.
#[derive(Debug, Clone)]
pub struct DocumentRecord {
    pub id: i64,
    pub slug: String,
    pub space_id: i64,
    pub space_slug: String,
    pub space_name: String,
    pub space_visibility: Visibility,
    pub kind: String,
    pub title: String,
    pub owner_id: i64,
    pub owner_handle: String,
    pub owner_name: String,
    pub intent: String,
    pub classification: Classification,
    pub status: String,
    pub tags: Vec<String>,
    pub fields: Vec<(String, FieldValue)>,
    pub body: String,
    pub revision: i64,
    pub parent_id: Option<i64>,
    pub position: i64,
    pub source_thread_id: Option<i64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub viewer: ViewerFacts,
}

/// The viewer's relation to a document, loaded with it.
#[derive(Debug, Clone, Copy, Default)]
pub struct ViewerFacts {
    pub in_space: bool,
    pub in_shared_space: bool,
    /// Whether the document is shared into a workspace-visible space.
    pub shared_open: bool,
    pub named_reader: bool,
}

/// One revision of a document's history.
#[derive(Debug, Clone)]
pub struct RevisionRecord {
    pub number: i64,
    pub author_handle: String,
    pub author_name: String,
    pub created_at: Timestamp,
    pub title: String,
    pub intent: String,
    pub classification: Classification,
    pub status: String,
    pub owner_handle: String,
    pub tags: Vec<String>,
    pub fields: Vec<(String, FieldValue)>,
    pub body: String,
    pub note: String,
}

/// A request to share a document with another space.
#[derive(Debug, Clone)]
pub struct ShareRecord {
    pub id: i64,
    pub document_id: i64,
    pub space_id: i64,
    pub space_slug: String,
    pub space_name: String,
    pub requested_by_handle: String,
    pub reason: String,
    pub state: String,
    pub decided_by_handle: Option<String>,
    pub created_at: Timestamp,
}
