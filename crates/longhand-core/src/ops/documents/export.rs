//! What `longhand export --git` writes: every revision of the documents one member may read,
//! as files, with who wrote each revision and when.
//!
//! Classification applies as on every other read path: a document is exported when its
//! reader may read it now, and then with all its revisions (as its history page shows them).
//! A restricted document goes only to its owner and named readers; a document in a private
//! space only to the space's members.

use super::super::spaces::visible_space;
use super::super::{Actor, App, OpResult};
use super::readable;
use crate::formats::calendar_json::CalendarJson;
use crate::store::documents::{self as store_docs, ListFilter};
use crate::store::members as store_members;
use crate::views::documents::{DocumentRecord, RevisionRecord};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_domain::docfile::DocFile;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The person who wrote a revision, as git records an author.
#[derive(Debug, Clone)]
pub struct ExportAuthor {
    pub name: String,
    pub email: String,
    /// Their time zone, so the commit shows the local time they wrote at.
    pub zone: TimeZone,
}

/// One revision of one document, ready to be written as a file.
#[derive(Debug, Clone)]
pub struct ExportedRevision {
    pub file: DocFile,
    pub number: i64,
    pub at: Timestamp,
    pub author: ExportAuthor,
    /// The note the author left with the revision (may be empty).
    pub note: String,
}

/// The revisions to export for `actor` (in `space` when given), oldest first, leaving out
/// each document's revisions up to the number `exported` holds for its slug.
pub async fn export(
    app: &App,
    actor: &Actor,
    space: Option<&str>,
    exported: &HashMap<String, i64>,
) -> OpResult<Vec<ExportedRevision>> {
    let mut conn = app.store().read().await?;
    let space_id = match space {
        Some(slug) => Some(visible_space(&mut conn, actor, slug).await?.id),
        None => None,
    };
    let filter = ListFilter {
        space_id,
        limit: i64::MAX,
        ..ListFilter::default()
    };
    let docs = store_docs::list(&mut conn, actor.id, &filter).await?;
    let mut authors = Authors::default();
    let mut out = Vec::new();
    for doc in docs.iter().filter(|doc| readable(actor, doc)) {
        let done = exported.get(&doc.slug).copied().unwrap_or(0);
        // Revisions go out in time order, but never before an earlier revision of their own
        // document: a clock set back (or two servers that disagree) must not make revision 2
        // land before revision 1 and leave the older content in the file. So each revision
        // sorts at the latest time of it and the revisions before it.
        let mut sorts_at = Timestamp::MIN;
        for revision in store_docs::revisions(&mut conn, doc.id).await? {
            sorts_at = sorts_at.max(revision.created_at);
            if revision.number > done {
                let author = authors.get(&mut conn, &revision.author_handle).await?;
                out.push((sorts_at, exported_revision(doc, revision, author)));
            }
        }
    }
    out.sort_by(|(a_at, a), (b_at, b)| {
        (a_at, &a.file.slug, a.number).cmp(&(b_at, &b.file.slug, b.number))
    });
    Ok(out.into_iter().map(|(_, revision)| revision).collect())
}

fn exported_revision(
    doc: &DocumentRecord,
    revision: RevisionRecord,
    author: ExportAuthor,
) -> ExportedRevision {
    let file = DocFile {
        slug: doc.slug.clone(),
        title: revision.title,
        kind: doc.kind.clone(),
        space: doc.space_slug.clone(),
        owner: Some(revision.owner_handle),
        intent: revision.intent,
        classification: revision.classification.as_str().to_owned(),
        status: revision.status,
        tags: revision.tags,
        fields: revision.fields,
        body: revision.body,
    };
    ExportedRevision {
        file,
        number: revision.number,
        at: revision.created_at,
        author,
        note: revision.note,
    }
}

/// Revision authors by handle, each loaded once.
#[derive(Default)]
struct Authors(HashMap<String, ExportAuthor>);

impl Authors {
    async fn get(&mut self, conn: &mut AnyConnection, handle: &str) -> OpResult<ExportAuthor> {
        if let Some(author) = self.0.get(handle) {
            return Ok(author.clone());
        }
        let member = store_members::by_handle(conn, handle).await?;
        // A calendar that no longer parses should not stop an export; UTC is still the
        // right instant, only shown without the author's offset.
        let zone = CalendarJson::parse_text(&member.calendar)
            .map(|calendar| calendar.time_zone().clone())
            .unwrap_or(TimeZone::UTC);
        let author = ExportAuthor {
            name: member.name,
            email: member.email,
            zone,
        };
        self.0.insert(handle.to_owned(), author.clone());
        Ok(author)
    }
}
