//! A document's revisions and the diff between any two of them.

use super::super::{Actor, App, OpResult, invalid, named};
use super::load_readable;
use crate::diff::{self, Diff};
use crate::store::documents::{self as store_docs};
use crate::views::documents::{DocumentRecord, RevisionRecord};

/// Every revision of a readable document, newest first.
pub async fn history(
    app: &App,
    actor: &Actor,
    slug: &str,
) -> OpResult<(DocumentRecord, Vec<RevisionRecord>)> {
    let mut conn = app.store().read().await?;
    let doc = load_readable(&mut conn, actor, slug).await?;
    let mut revisions = store_docs::revisions(&mut conn, doc.id).await?;
    revisions.reverse();
    Ok((doc, revisions))
}

/// One revision of a readable document, with its body.
pub async fn revision(
    app: &App,
    actor: &Actor,
    slug: &str,
    number: i64,
) -> OpResult<RevisionRecord> {
    let mut conn = app.store().read().await?;
    let doc = load_readable(&mut conn, actor, slug).await?;
    store_docs::revision(&mut conn, doc.id, number)
        .await
        .map_err(named("revision"))
}

/// A readable document as stored, without rendering, linting or its history.
pub async fn current(app: &App, actor: &Actor, slug: &str) -> OpResult<DocumentRecord> {
    let mut conn = app.store().read().await?;
    load_readable(&mut conn, actor, slug).await
}

/// Two revisions and the difference between them.
#[derive(Debug, Clone)]
pub struct DiffView {
    pub doc: DocumentRecord,
    pub old: RevisionRecord,
    pub new: RevisionRecord,
    pub diff: Diff,
}

/// The revision's content as the diff compares it: its attributes, then the body, so a
/// changed owner or status shows up as well as a changed paragraph.
fn comparable(revision: &RevisionRecord) -> String {
    let mut text = format!(
        "Title: {}\nOwner: @{}\nIntent: {}\nStatus: {}\nClassification: {}\nTags: {}\n",
        revision.title,
        revision.owner_handle,
        revision.intent,
        revision.status,
        revision.classification,
        revision.tags.join(", ")
    );
    for (name, value) in &revision.fields {
        text.push_str(&format!("{name}: {}\n", value.display()));
    }
    text.push('\n');
    text.push_str(&revision.body);
    text
}

/// Compares revision `old` with revision `new` of a readable document.
pub async fn diff(app: &App, actor: &Actor, slug: &str, old: i64, new: i64) -> OpResult<DiffView> {
    if old < 1 || new < 1 {
        return Err(invalid("revisions are numbered from 1"));
    }
    let mut conn = app.store().read().await?;
    let doc = load_readable(&mut conn, actor, slug).await?;
    let old = store_docs::revision(&mut conn, doc.id, old)
        .await
        .map_err(named("revision"))?;
    let new = store_docs::revision(&mut conn, doc.id, new)
        .await
        .map_err(named("revision"))?;
    drop(conn);
    let (a, b) = (comparable(&old), comparable(&new));
    // The diff is CPU work bounded by its deadline; keep it off the async workers.
    let diff = tokio::task::spawn_blocking(move || diff::diff(&a, &b))
        .await
        .map_err(|err| super::super::OpError::Internal(err.into()))?;
    Ok(DiffView {
        doc,
        old,
        new,
        diff,
    })
}
