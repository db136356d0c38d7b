//! Turning rows into index entries, and keeping entries current: a full build from the
//! tables, and re-indexing what one event touched.
//!
//! Every entry carries the permission facts of what it belongs to (a comment those of its
//! document, or of its space for a topic thread), so the filter can run inside the query.
//! Updates delete by group and add again: a document's group holds it and everything in its
//! threads, so a new classification or reader list reaches its comments too.
//!
//! Markdown (document bodies, comments, a thread's first post) is indexed as the plain text a
//! reader sees (`render::to_plain_text`): markup and link targets would otherwise match
//! queries and show up in snippets.

use super::index::{Fields, SearchIndex};
use crate::render::to_plain_text;
use crate::store::search::{self as store, AskItem, CheckinItem, CommentItem, DocItem, ThreadItem};
use crate::store::{StoreResult, micros};
use crate::views::search::HitKind;
use sqlx::AnyConnection;
use std::collections::HashMap;
use tantivy::{IndexWriter, TantivyDocument, Term};

/// Rows read per query during a full build.
pub(crate) const BATCH: i64 = 2_000;

/// Who may read an entry, as the permission filter sees it.
#[derive(Debug, Clone)]
pub(crate) struct Access {
    pub space: i64,
    pub reach: Vec<i64>,
    pub class: String,
    pub owner: Option<i64>,
    pub readers: Vec<i64>,
    pub team: Option<i64>,
    /// The document the entry belongs to, for its deletion group.
    pub document: Option<i64>,
}

impl Access {
    fn of_document(doc: &DocItem) -> Access {
        let mut reach = vec![doc.space_id];
        reach.extend(&doc.shared_into);
        Access {
            space: doc.space_id,
            reach,
            class: doc.classification.clone(),
            owner: Some(doc.owner_id),
            readers: doc.readers.clone(),
            team: None,
            document: Some(doc.id),
        }
    }

    /// A topic thread is readable exactly when its space is visible: "public" inside it.
    fn of_space(space: i64) -> Access {
        Access {
            space,
            reach: vec![space],
            class: "public".to_owned(),
            owner: None,
            readers: Vec::new(),
            team: None,
            document: None,
        }
    }

    /// A check-in is for its team: the filter reads at query time who is in it, who is its
    /// DRI and who is an admin, as `ops::checkins` decides who sees a team's check-ins. Its
    /// author is deliberately not an owner: one who left the team no longer sees it.
    fn of_checkin(checkin: &CheckinItem) -> Access {
        Access {
            space: 0,
            reach: Vec::new(),
            class: "checkin".to_owned(),
            owner: None,
            readers: Vec::new(),
            team: Some(checkin.team_id),
            document: None,
        }
    }

    fn of_ask(ask: &AskItem) -> Access {
        Access {
            space: 0,
            reach: Vec::new(),
            class: "ask".to_owned(),
            owner: None,
            readers: vec![ask.asker_id, ask.responder_id],
            team: ask.team_id,
            document: None,
        }
    }
}

/// The hit kind's code in the index (its position in `HitKind::ALL`).
pub(crate) fn kind_code(kind: HitKind) -> u64 {
    HitKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u64
}

/// The hit kind of a code read back from the index.
pub(crate) fn kind_of(code: u64) -> Option<HitKind> {
    usize::try_from(code)
        .ok()
        .and_then(|i| HitKind::ALL.get(i).copied())
}

fn id(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// One entry's content besides its access.
struct Entry<'a> {
    key: String,
    groups: Vec<String>,
    kind: HitKind,
    doc_kind: Option<&'a str>,
    author: i64,
    status: Option<&'a str>,
    at: jiff::Timestamp,
    title: &'a str,
    text: &'a str,
}

fn document(f: &Fields, entry: &Entry<'_>, access: &Access) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.key, &entry.key);
    for group in &entry.groups {
        doc.add_text(f.group, group);
    }
    doc.add_u64(f.kind, kind_code(entry.kind));
    if let Some(kind) = entry.doc_kind {
        doc.add_text(f.doc_kind, kind);
    }
    doc.add_u64(f.space, id(access.space));
    for space in &access.reach {
        doc.add_u64(f.reach, id(*space));
    }
    doc.add_text(f.class, &access.class);
    if let Some(owner) = access.owner {
        doc.add_u64(f.owner, id(owner));
    }
    for reader in &access.readers {
        doc.add_u64(f.reader, id(*reader));
    }
    if let Some(team) = access.team {
        doc.add_u64(f.team, id(team));
    }
    doc.add_u64(f.author, id(entry.author));
    if let Some(status) = entry.status {
        doc.add_text(f.status, status);
    }
    doc.add_i64(f.at, micros(entry.at));
    doc.add_text(f.title, entry.title);
    doc.add_text(f.text, entry.text);
    doc.add_text(f.words, entry.title);
    doc.add_text(f.words, entry.text);
    doc
}

fn groups(access: &Access, own: String) -> Vec<String> {
    let mut groups: Vec<String> = access
        .document
        .map(|d| format!("d:{d}"))
        .into_iter()
        .collect();
    if !groups.contains(&own) {
        groups.push(own);
    }
    groups
}

fn add(writer: &IndexWriter, doc: TantivyDocument) -> anyhow::Result<()> {
    writer.add_document(doc)?;
    Ok(())
}

fn add_document(w: &IndexWriter, f: &Fields, doc: &DocItem) -> anyhow::Result<Access> {
    let access = Access::of_document(doc);
    let text = format!("{}\n{}", doc.extra, to_plain_text(&doc.body));
    let kind = if doc.kind == "adr" {
        HitKind::Decision
    } else {
        HitKind::Document
    };
    let entry = Entry {
        key: format!("d:{}", doc.id),
        groups: groups(&access, format!("d:{}", doc.id)),
        kind,
        doc_kind: Some(&doc.kind),
        author: doc.owner_id,
        status: Some(&doc.status),
        at: doc.updated_at,
        title: &doc.title,
        text: &text,
    };
    add(w, document(f, &entry, &access))?;
    Ok(access)
}

fn add_thread(
    w: &IndexWriter,
    f: &Fields,
    thread: &ThreadItem,
    first_post: &str,
    access: &Access,
) -> anyhow::Result<()> {
    let entry = Entry {
        key: format!("t:{}", thread.id),
        groups: groups(access, format!("t:{}", thread.id)),
        kind: HitKind::Thread,
        doc_kind: None,
        author: thread.created_by,
        status: Some(if thread.resolved { "resolved" } else { "open" }),
        at: thread.last_activity_at,
        title: &thread.title,
        text: first_post,
    };
    add(w, document(f, &entry, access))
}

/// A comment; the first of a thread is the thread's own text and is not indexed again.
fn add_comment(
    w: &IndexWriter,
    f: &Fields,
    comment: &CommentItem,
    title: &str,
    access: &Access,
) -> anyhow::Result<()> {
    let mut groups = groups(access, format!("t:{}", comment.thread_id));
    groups.push(format!("c:{}", comment.id));
    let entry = Entry {
        key: format!("c:{}", comment.id),
        groups,
        kind: HitKind::Comment,
        doc_kind: None,
        author: comment.author_id,
        status: None,
        at: comment.created_at,
        title,
        text: &to_plain_text(&comment.body),
    };
    add(w, document(f, &entry, access))
}

fn add_ask(w: &IndexWriter, f: &Fields, ask: &AskItem) -> anyhow::Result<()> {
    let access = Access::of_ask(ask);
    let entry = Entry {
        key: format!("a:{}", ask.id),
        groups: vec![format!("a:{}", ask.id)],
        kind: HitKind::Ask,
        doc_kind: None,
        author: ask.asker_id,
        status: Some(&ask.state),
        at: ask.at,
        title: &ask.title,
        text: &ask.text,
    };
    add(w, document(f, &entry, &access))
}

/// The index's title of every check-in; a hit's title is read from the database, with the
/// member's and team's names as they are then.
const CHECKIN_TITLE: &str = "Check-in";

fn add_checkin(w: &IndexWriter, f: &Fields, checkin: &CheckinItem) -> anyhow::Result<()> {
    let access = Access::of_checkin(checkin);
    let entry = Entry {
        key: format!("k:{}", checkin.id),
        groups: vec![format!("k:{}", checkin.id)],
        kind: HitKind::Checkin,
        doc_kind: None,
        author: checkin.member_id,
        status: None,
        at: checkin.updated_at,
        title: CHECKIN_TITLE,
        text: &checkin.text(),
    };
    add(w, document(f, &entry, &access))
}

fn delete_group(w: &IndexWriter, f: &Fields, group: &str) {
    w.delete_term(Term::from_field_text(f.group, group));
}

/// What failed while indexing: the database or the index.
pub(crate) fn store_err(err: crate::store::StoreError) -> anyhow::Error {
    anyhow::anyhow!("reading the database for the search index: {err}")
}

/// Re-indexes one document with its threads and their comments; a document that is gone
/// only leaves the index.
pub(crate) async fn document_by_id(
    conn: &mut AnyConnection,
    w: &IndexWriter,
    f: &Fields,
    id: i64,
) -> anyhow::Result<()> {
    delete_group(w, f, &format!("d:{id}"));
    let Some(doc) = store::doc_by_id(conn, id).await.map_err(store_err)? else {
        return Ok(());
    };
    let access = add_document(w, f, &doc)?;
    for thread in store::threads_of_document(conn, doc.id)
        .await
        .map_err(store_err)?
    {
        thread_with_comments(conn, w, f, &thread, &access).await?;
    }
    Ok(())
}

/// Re-indexes the document with this slug (see [`document_by_id`]).
pub(crate) async fn document_by_slug(
    conn: &mut AnyConnection,
    w: &IndexWriter,
    f: &Fields,
    slug: &str,
) -> anyhow::Result<()> {
    match store::doc_by_slug(conn, slug).await.map_err(store_err)? {
        Some(doc) => document_by_id(conn, w, f, doc.id).await,
        None => Ok(()),
    }
}

async fn thread_with_comments(
    conn: &mut AnyConnection,
    w: &IndexWriter,
    f: &Fields,
    thread: &ThreadItem,
    access: &Access,
) -> anyhow::Result<()> {
    let comments = store::comments_of_thread(conn, thread.id)
        .await
        .map_err(store_err)?;
    let first = comments
        .first()
        .map_or_else(String::new, |c| to_plain_text(&c.body));
    add_thread(w, f, thread, &first, access)?;
    for comment in comments.iter().skip(1) {
        add_comment(w, f, comment, &thread.title, access)?;
    }
    Ok(())
}

/// Re-indexes one thread and its comments.
pub(crate) async fn thread(
    conn: &mut AnyConnection,
    w: &IndexWriter,
    f: &Fields,
    id: i64,
) -> anyhow::Result<()> {
    delete_group(w, f, &format!("t:{id}"));
    let Some(thread) = store::thread(conn, id).await.map_err(store_err)? else {
        return Ok(());
    };
    let access = match thread.document_id {
        Some(doc_id) => match store::doc_by_id(conn, doc_id).await.map_err(store_err)? {
            Some(doc) => Access::of_document(&doc),
            None => return Ok(()),
        },
        None => Access::of_space(thread.space_id),
    };
    thread_with_comments(conn, w, f, &thread, &access).await
}

/// Re-indexes one ask.
pub(crate) async fn ask(
    conn: &mut AnyConnection,
    w: &IndexWriter,
    f: &Fields,
    id: i64,
) -> anyhow::Result<()> {
    delete_group(w, f, &format!("a:{id}"));
    if let Some(ask) = store::ask(conn, id).await.map_err(store_err)? {
        add_ask(w, f, &ask)?;
    }
    Ok(())
}

/// Re-indexes a member's check-in of one team and period (an answer or an edit of it).
pub(crate) async fn checkin(
    conn: &mut AnyConnection,
    w: &IndexWriter,
    f: &Fields,
    (team_slug, member_id, period): (&str, i64, &str),
) -> anyhow::Result<()> {
    let found = store::checkin(conn, team_slug, member_id, period)
        .await
        .map_err(store_err)?;
    if let Some(checkin) = found {
        delete_group(w, f, &format!("k:{}", checkin.id));
        add_checkin(w, f, &checkin)?;
    }
    Ok(())
}

/// Re-indexes a space's documents (with their threads) and topic threads.
pub(crate) async fn space(
    conn: &mut AnyConnection,
    w: &IndexWriter,
    f: &Fields,
    slug: &str,
) -> anyhow::Result<()> {
    let Some(space_id) = store::space_id(conn, slug).await.map_err(store_err)? else {
        return Ok(());
    };
    let (docs, topics) = store::space_items(conn, space_id)
        .await
        .map_err(store_err)?;
    for doc in docs {
        document_by_id(conn, w, f, doc).await?;
    }
    for topic in topics {
        thread(conn, w, f, topic).await?;
    }
    Ok(())
}

/// How far a full build has come, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildProgress {
    /// Entries added so far.
    pub items: u64,
    /// What is being read: `documents`, `threads`, `comments`, `asks` or `check-ins`.
    pub stage: &'static str,
}

/// Reads a table in id order, [`BATCH`] rows at a time, from its first row; hands each row
/// to `add` (which answers whether it became an entry) and reports progress after each
/// batch. `fetch` reads the rows with ids greater than the one given.
async fn each_batch<T>(
    conn: &mut AnyConnection,
    fetch: impl AsyncFn(&mut AnyConnection, i64) -> StoreResult<Vec<T>>,
    id_of: impl Fn(&T) -> i64,
    mut add: impl FnMut(&T) -> anyhow::Result<bool>,
    stage: &'static str,
    count: &mut u64,
    progress: &(dyn Fn(BuildProgress) + Sync),
) -> anyhow::Result<()> {
    let mut after = 0;
    loop {
        let batch = fetch(conn, after).await.map_err(store_err)?;
        let Some(last) = batch.last() else { break };
        after = id_of(last);
        for row in &batch {
            if add(row)? {
                *count += 1;
            }
        }
        progress(BuildProgress {
            items: *count,
            stage,
        });
    }
    Ok(())
}

/// Adds every item of the database to an emptied writer (the caller commits).
pub(crate) async fn build_all(
    conn: &mut AnyConnection,
    index: &SearchIndex,
    w: &IndexWriter,
    progress: &(dyn Fn(BuildProgress) + Sync),
) -> anyhow::Result<u64> {
    let f = &index.fields;
    let mut count = 0;
    let mut docs: HashMap<i64, Access> = HashMap::new();
    each_batch(
        conn,
        async |conn, after| store::docs_after(conn, after, BATCH).await,
        |doc| doc.id,
        |doc| {
            docs.insert(doc.id, add_document(w, f, doc)?);
            Ok(true)
        },
        "documents",
        &mut count,
        progress,
    )
    .await?;
    let threads = build_threads(conn, w, f, &docs, &mut count, progress).await?;
    each_batch(
        conn,
        async |conn, after| store::comments_after(conn, after, BATCH).await,
        |comment| comment.id,
        |comment| {
            // A thread's first comment is indexed as the thread; comments of threads that
            // are not indexed (on a document that is gone) are left out.
            let Some((access, title, first)) = threads.get(&comment.thread_id) else {
                return Ok(false);
            };
            if *first == Some(comment.id) {
                return Ok(false);
            }
            add_comment(w, f, comment, title, access)?;
            Ok(true)
        },
        "comments",
        &mut count,
        progress,
    )
    .await?;
    each_batch(
        conn,
        async |conn, after| store::asks_after(conn, after, BATCH).await,
        |ask| ask.id,
        |ask| add_ask(w, f, ask).map(|()| true),
        "asks",
        &mut count,
        progress,
    )
    .await?;
    each_batch(
        conn,
        async |conn, after| store::checkins_after(conn, after, BATCH).await,
        |checkin| checkin.id,
        |checkin| add_checkin(w, f, checkin).map(|()| true),
        "check-ins",
        &mut count,
        progress,
    )
    .await?;
    Ok(count)
}

/// A thread's access and title, for its comments.
type ThreadFacts = HashMap<i64, (Access, String, Option<i64>)>;

async fn build_threads(
    conn: &mut AnyConnection,
    w: &IndexWriter,
    f: &Fields,
    docs: &HashMap<i64, Access>,
    count: &mut u64,
    progress: &(dyn Fn(BuildProgress) + Sync),
) -> anyhow::Result<ThreadFacts> {
    let mut threads = ThreadFacts::new();
    let mut after = 0;
    loop {
        let batch = store::threads_after(conn, after, BATCH)
            .await
            .map_err(store_err)?;
        let (Some(first), Some(last)) = (batch.first(), batch.last()) else {
            break;
        };
        let posts: HashMap<i64, (i64, String)> = store::first_comments(conn, first.id, last.id)
            .await
            .map_err(store_err)?
            .into_iter()
            .map(|(thread, comment, body)| (thread, (comment, body)))
            .collect();
        after = last.id;
        for thread in &batch {
            let access = match thread.document_id {
                Some(doc) => match docs.get(&doc) {
                    Some(access) => access.clone(),
                    None => continue,
                },
                None => Access::of_space(thread.space_id),
            };
            let (first_id, body) = posts
                .get(&thread.id)
                .map_or((None, String::new()), |(id, body)| {
                    (Some(*id), to_plain_text(body))
                });
            add_thread(w, f, thread, &body, &access)?;
            threads.insert(thread.id, (access, thread.title.clone(), first_id));
        }
        *count += batch.len() as u64;
        progress(BuildProgress {
            items: *count,
            stage: "threads",
        });
    }
    Ok(threads)
}
