//! Documents: classification and who may read or edit a document, the status lifecycle of
//! each kind, and what a body refers to (mentions of people, links to other documents).
//!
//! The application loads the facts (the viewer's role, their membership of the document's
//! spaces, whether they are a named reader) and asks these functions; the rules live here so
//! pages, the API, lists, backlinks, notifications and exports cannot disagree.
//!
//! Architecture Invariant: a document is never more visible than its space. A private space's
//! documents are invisible to non-members whatever their classification, admins included.

mod lifecycle;
mod refs;

pub use lifecycle::{Lifecycle, StatusError, lifecycle_of};
pub use refs::{DocRef, Mention, doc_refs, mentions};

pub use crate::workspace::Classification;
use crate::workspace::Role;

/// The value of one template field on a document: text (dates and handles are text too) or
/// a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    List(Vec<String>),
}

impl FieldValue {
    /// Whether the value says nothing (an empty text or an empty list).
    pub fn is_blank(&self) -> bool {
        match self {
            FieldValue::Text(text) => text.trim().is_empty(),
            FieldValue::List(items) => items.iter().all(|item| item.trim().is_empty()),
        }
    }

    /// The value as one line: a text as it is, a list joined with ", ".
    pub fn display(&self) -> String {
        match self {
            FieldValue::Text(text) => text.clone(),
            FieldValue::List(items) => items.join(", "),
        }
    }
}

/// What the application knows about one viewer and one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocFacts {
    pub role: Role,
    pub classification: Classification,
    /// Whether the viewer can see the document's space at all (`access::can_view_space`).
    pub space_visible: bool,
    /// Whether the viewer can see a space the document was shared into with approval.
    pub shared_space_visible: bool,
    /// Whether the viewer belongs to the document's space or to a space it was shared into.
    pub space_member: bool,
    pub is_owner: bool,
    pub named_reader: bool,
}

/// Whether the viewer may read the document (page, API, lists, backlinks, notifications,
/// exports). A document nobody may read is reported as "not found", never "forbidden".
pub fn can_read(facts: DocFacts) -> bool {
    let reachable = facts.space_visible || facts.shared_space_visible;
    if facts.is_owner {
        return true;
    }
    match facts.classification {
        Classification::Public => reachable,
        Classification::Internal => reachable && facts.role != Role::Guest,
        Classification::Confidential => facts.space_member,
        Classification::Restricted => facts.named_reader,
    }
}

/// Whether the viewer may change the document (a new revision, status, readers). Readers who
/// are workspace members may edit, as on a wiki — every edit is a kept, attributed revision —
/// except that a restricted document is edited only by its owner and named readers.
pub fn can_edit(facts: DocFacts) -> bool {
    can_read(facts) && (facts.is_owner || facts.role != Role::Guest)
}

/// Whether the viewer may delete readers, change the classification or hand the document to
/// another owner: the owner, and workspace admins who can read it.
pub fn can_govern(facts: DocFacts) -> bool {
    facts.is_owner || (facts.role == Role::Admin && can_read(facts))
}

#[cfg(test)]
mod tests;
