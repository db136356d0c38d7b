//! What the search index is built from, and the searches kept for the success-rate KPI.
//!
//! The index reads items in id order, in batches (`*_after`), for a full build, and one at a
//! time when the event log says something changed. Only what the index needs is read: the
//! text, and the facts the permission filter decides on (space, shares, classification,
//! owner, named readers; for asks the people on them and their team).

use super::documents::{parse_fields, parse_tags};
use super::{StoreResult, from_micros, micros};
use jiff::Timestamp;
use longhand_domain::documents::FieldValue;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A document as the index sees it.
#[derive(Debug, Clone)]
pub(crate) struct DocItem {
    pub id: i64,
    pub space_id: i64,
    pub kind: String,
    pub title: String,
    pub owner_id: i64,
    pub classification: String,
    pub status: String,
    /// Intent, tags and field values, one per line.
    pub extra: String,
    pub body: String,
    pub updated_at: Timestamp,
    pub readers: Vec<i64>,
    pub shared_into: Vec<i64>,
}

/// A thread (comments aside) as the index sees it.
#[derive(Debug, Clone)]
pub(crate) struct ThreadItem {
    pub id: i64,
    pub space_id: i64,
    pub document_id: Option<i64>,
    pub title: String,
    pub created_by: i64,
    pub last_activity_at: Timestamp,
    pub resolved: bool,
}

/// A comment as the index sees it.
#[derive(Debug, Clone)]
pub(crate) struct CommentItem {
    pub id: i64,
    pub thread_id: i64,
    pub author_id: i64,
    pub body: String,
    pub created_at: Timestamp,
}

/// An ask as the index sees it.
#[derive(Debug, Clone)]
pub(crate) struct AskItem {
    pub id: i64,
    pub asker_id: i64,
    pub responder_id: i64,
    pub team_id: Option<i64>,
    pub title: String,
    /// Body, response and comment, one per line.
    pub text: String,
    pub state: String,
    pub at: Timestamp,
}

/// A check-in answer as the index sees it: whose, in which team, and its words.
#[derive(Debug, Clone)]
pub(crate) struct CheckinItem {
    pub id: i64,
    pub team_id: i64,
    pub member_id: i64,
    /// The member's local date of the period, `YYYY-MM-DD`.
    pub period_date: String,
    pub done: String,
    pub next: String,
    pub note: String,
    /// Its blockers' texts, then its help questions, filled by the caller.
    pub blockers_and_help: Vec<String>,
    pub updated_at: Timestamp,
}

/// The document columns the index reads, followed by `$rest` (a `WHERE` clause).
macro_rules! select_docs {
    ($rest:literal) => {
        concat!(
            "SELECT id, slug, space_id, kind, title, owner_id, intent, classification, status, tags, fields, body, updated_at FROM documents ",
            $rest
        )
    };
}

fn doc_item(row: &AnyRow) -> StoreResult<DocItem> {
    let mut extra = vec![row.try_get::<String, _>("intent")?];
    extra.extend(parse_tags(row.try_get("tags")?)?);
    for (_, value) in parse_fields(row.try_get("fields")?)? {
        match value {
            FieldValue::Text(text) => extra.push(text),
            FieldValue::List(items) => extra.extend(items),
        }
    }
    Ok(DocItem {
        id: row.try_get("id")?,
        space_id: row.try_get("space_id")?,
        kind: row.try_get("kind")?,
        title: row.try_get("title")?,
        owner_id: row.try_get("owner_id")?,
        classification: row.try_get("classification")?,
        status: row.try_get("status")?,
        extra: extra.join("\n"),
        body: row.try_get("body")?,
        updated_at: from_micros(row.try_get("updated_at")?)?,
        readers: Vec::new(),
        shared_into: Vec::new(),
    })
}

/// Up to `limit` documents with ids above `after`, in id order, with readers and shares.
pub(crate) async fn docs_after(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<DocItem>> {
    let rows = sqlx::query(select_docs!("WHERE id > $1 ORDER BY id LIMIT $2"))
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    let mut docs: Vec<DocItem> = rows.iter().map(doc_item).collect::<StoreResult<_>>()?;
    if let (Some(first), Some(last)) = (docs.first().map(|d| d.id), docs.last().map(|d| d.id)) {
        let readers = pairs(conn, "SELECT document_id, member_id FROM document_readers WHERE document_id >= $1 AND document_id <= $2", first, last).await?;
        let shares = pairs(conn, "SELECT document_id, space_id FROM document_shares WHERE document_id >= $1 AND document_id <= $2", first, last).await?;
        for doc in &mut docs {
            doc.readers = values_of(&readers, doc.id);
            doc.shared_into = values_of(&shares, doc.id);
        }
    }
    Ok(docs)
}

async fn pairs(
    conn: &mut AnyConnection,
    sql: &'static str,
    first: i64,
    last: i64,
) -> StoreResult<Vec<(i64, i64)>> {
    let rows = sqlx::query(sql)
        .bind(first)
        .bind(last)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect()
}

fn values_of(pairs: &[(i64, i64)], key: i64) -> Vec<i64> {
    pairs
        .iter()
        .filter(|(k, _)| *k == key)
        .map(|(_, v)| *v)
        .collect()
}

/// One document by slug, with readers and shares; `None` when there is none.
pub(crate) async fn doc_by_slug(
    conn: &mut AnyConnection,
    slug: &str,
) -> StoreResult<Option<DocItem>> {
    let row = sqlx::query(select_docs!("WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    with_access(conn, doc_item(&row)?).await.map(Some)
}

/// One document by id, with readers and shares; `None` when there is none.
pub(crate) async fn doc_by_id(conn: &mut AnyConnection, id: i64) -> StoreResult<Option<DocItem>> {
    let row = sqlx::query(select_docs!("WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    with_access(conn, doc_item(&row)?).await.map(Some)
}

async fn with_access(conn: &mut AnyConnection, mut doc: DocItem) -> StoreResult<DocItem> {
    let readers = pairs(conn, "SELECT document_id, member_id FROM document_readers WHERE document_id >= $1 AND document_id <= $2", doc.id, doc.id).await?;
    let shares = pairs(conn, "SELECT document_id, space_id FROM document_shares WHERE document_id >= $1 AND document_id <= $2", doc.id, doc.id).await?;
    doc.readers = values_of(&readers, doc.id);
    doc.shared_into = values_of(&shares, doc.id);
    Ok(doc)
}

/// The ids of a space's own documents and topic threads (threads on documents go with their
/// document).
pub(crate) async fn space_items(
    conn: &mut AnyConnection,
    space_id: i64,
) -> StoreResult<(Vec<i64>, Vec<i64>)> {
    let ids = |sql: &'static str| sqlx::query_scalar::<sqlx::Any, i64>(sql).bind(space_id);
    let docs = ids("SELECT id FROM documents WHERE space_id = $1 ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    let topics =
        ids("SELECT id FROM threads WHERE space_id = $1 AND document_id IS NULL ORDER BY id")
            .fetch_all(&mut *conn)
            .await?;
    Ok((docs, topics))
}

/// A space's id by slug, `None` when there is none.
pub(crate) async fn space_id(conn: &mut AnyConnection, slug: &str) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar::<sqlx::Any, i64>("SELECT id FROM spaces WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

fn thread_item(row: &AnyRow) -> StoreResult<ThreadItem> {
    Ok(ThreadItem {
        id: row.try_get("id")?,
        space_id: row.try_get("space_id")?,
        document_id: row.try_get("document_id")?,
        title: row.try_get("title")?,
        created_by: row.try_get("created_by")?,
        last_activity_at: from_micros(row.try_get("last_activity_at")?)?,
        resolved: row.try_get::<Option<i64>, _>("resolved_at")?.is_some(),
    })
}

/// Up to `limit` threads with ids above `after`, in id order.
pub(crate) async fn threads_after(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<ThreadItem>> {
    let rows = sqlx::query("SELECT id, space_id, document_id, title, created_by, last_activity_at, resolved_at FROM threads WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(thread_item).collect()
}

/// One thread, `None` when there is none.
pub(crate) async fn thread(conn: &mut AnyConnection, id: i64) -> StoreResult<Option<ThreadItem>> {
    let row = sqlx::query("SELECT id, space_id, document_id, title, created_by, last_activity_at, resolved_at FROM threads WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(thread_item).transpose()
}

/// The threads on a document.
pub(crate) async fn threads_of_document(
    conn: &mut AnyConnection,
    document_id: i64,
) -> StoreResult<Vec<ThreadItem>> {
    let rows = sqlx::query("SELECT id, space_id, document_id, title, created_by, last_activity_at, resolved_at FROM threads WHERE document_id = $1 ORDER BY id")
        .bind(document_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(thread_item).collect()
}

fn comment_item(row: &AnyRow) -> StoreResult<CommentItem> {
    Ok(CommentItem {
        id: row.try_get("id")?,
        thread_id: row.try_get("thread_id")?,
        author_id: row.try_get("author_id")?,
        body: row.try_get("body")?,
        created_at: from_micros(row.try_get("created_at")?)?,
    })
}

/// Up to `limit` comments with ids above `after`, in id order.
pub(crate) async fn comments_after(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<CommentItem>> {
    let rows = sqlx::query("SELECT id, thread_id, author_id, body, created_at FROM comments WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(comment_item).collect()
}

/// A thread's comments, oldest first.
pub(crate) async fn comments_of_thread(
    conn: &mut AnyConnection,
    thread_id: i64,
) -> StoreResult<Vec<CommentItem>> {
    let rows = sqlx::query("SELECT id, thread_id, author_id, body, created_at FROM comments WHERE thread_id = $1 ORDER BY id")
        .bind(thread_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(comment_item).collect()
}

/// The first comment of a thread, `None` when it has none.
pub(crate) async fn first_comment(
    conn: &mut AnyConnection,
    thread_id: i64,
) -> StoreResult<Option<CommentItem>> {
    let row = sqlx::query("SELECT id, thread_id, author_id, body, created_at FROM comments WHERE thread_id = $1 ORDER BY id LIMIT 1")
        .bind(thread_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(comment_item).transpose()
}

/// One comment with its author's handle, `None` when there is none.
pub(crate) async fn comment(
    conn: &mut AnyConnection,
    id: i64,
) -> StoreResult<Option<(CommentItem, String)>> {
    let row = sqlx::query(
        "SELECT c.id, c.thread_id, c.author_id, c.body, c.created_at, m.handle
         FROM comments c JOIN members m ON m.id = c.author_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref()
        .map(|row| Ok((comment_item(row)?, row.try_get("handle")?)))
        .transpose()
}

/// The first comment (id and body) of each thread in `first..=last`, for a thread's text.
pub(crate) async fn first_comments(
    conn: &mut AnyConnection,
    first: i64,
    last: i64,
) -> StoreResult<Vec<(i64, i64, String)>> {
    let rows = sqlx::query(
        "SELECT c.thread_id, c.id, c.body FROM comments c
         WHERE c.thread_id >= $1 AND c.thread_id <= $2
           AND c.id = (SELECT MIN(c2.id) FROM comments c2 WHERE c2.thread_id = c.thread_id)",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)))
        .collect()
}

fn ask_item(row: &AnyRow) -> StoreResult<AskItem> {
    let mut text = vec![row.try_get::<String, _>("body")?];
    text.extend(row.try_get::<Option<String>, _>("response")?);
    text.extend(row.try_get::<Option<String>, _>("comment")?);
    let created = from_micros(row.try_get("created_at")?)?;
    let responded = row
        .try_get::<Option<i64>, _>("responded_at")?
        .map(from_micros)
        .transpose()?;
    Ok(AskItem {
        id: row.try_get("id")?,
        asker_id: row.try_get("asker_id")?,
        responder_id: row.try_get("responder_id")?,
        team_id: row.try_get("team_id")?,
        title: row.try_get("title")?,
        text: text.join("\n"),
        state: row.try_get("state")?,
        at: responded.map_or(created, |r| r.max(created)),
    })
}

/// Up to `limit` asks with ids above `after`, in id order.
pub(crate) async fn asks_after(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<AskItem>> {
    let rows = sqlx::query("SELECT id, asker_id, responder_id, team_id, title, body, response, comment, state, created_at, responded_at FROM asks WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(ask_item).collect()
}

/// One ask, `None` when there is none.
pub(crate) async fn ask(conn: &mut AnyConnection, id: i64) -> StoreResult<Option<AskItem>> {
    let row = sqlx::query("SELECT id, asker_id, responder_id, team_id, title, body, response, comment, state, created_at, responded_at FROM asks WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(ask_item).transpose()
}

impl CheckinItem {
    /// Done, next, the note, blockers and help, one per line: the text indexed and quoted.
    pub(crate) fn text(&self) -> String {
        checkin_text(
            [&self.done, &self.next, &self.note]
                .into_iter()
                .chain(&self.blockers_and_help)
                .map(String::as_str),
        )
    }
}

/// The parts of a check-in's text that say something, one per line.
pub(crate) fn checkin_text<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    parts
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The check-in columns the index reads, followed by `$rest` (a `WHERE` clause).
macro_rules! select_checkins {
    ($rest:literal) => {
        concat!(
            "SELECT id, team_id, member_id, period_date, done_text, next_text, note_text, updated_at FROM checkins ",
            $rest
        )
    };
}

fn checkin_item(row: &AnyRow) -> StoreResult<CheckinItem> {
    Ok(CheckinItem {
        id: row.try_get("id")?,
        team_id: row.try_get("team_id")?,
        member_id: row.try_get("member_id")?,
        period_date: row.try_get("period_date")?,
        done: row.try_get("done_text")?,
        next: row.try_get("next_text")?,
        note: row.try_get("note_text")?,
        blockers_and_help: Vec::new(),
        updated_at: from_micros(row.try_get("updated_at")?)?,
    })
}

/// Up to `limit` check-ins with ids above `after`, in id order, with their blockers' texts
/// and help questions.
pub(crate) async fn checkins_after(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<CheckinItem>> {
    let rows = sqlx::query(select_checkins!("WHERE id > $1 ORDER BY id LIMIT $2"))
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    let mut items = rows
        .iter()
        .map(checkin_item)
        .collect::<StoreResult<Vec<_>>>()?;
    if let (Some(first), Some(last)) = (items.first(), items.last()) {
        let (from, to) = (first.id, last.id);
        let mut texts = checkin_texts(conn, from, to).await?.into_iter().peekable();
        for item in &mut items {
            while let Some((_, text)) = texts.next_if(|(id, _)| *id == item.id) {
                item.blockers_and_help.push(text);
            }
        }
    }
    Ok(items)
}

/// The check-in of one member, team and period date, `None` when there is none.
pub(crate) async fn checkin(
    conn: &mut AnyConnection,
    team_slug: &str,
    member_id: i64,
    period_date: &str,
) -> StoreResult<Option<CheckinItem>> {
    let row = sqlx::query(select_checkins!(
        "WHERE team_id = (SELECT id FROM teams WHERE slug = $1) AND member_id = $2 AND period_date = $3"
    ))
    .bind(team_slug)
    .bind(member_id)
    .bind(period_date)
    .fetch_optional(&mut *conn)
    .await?;
    with_texts(conn, row.as_ref()).await
}

/// The check-in with this id, `None` when there is none.
pub(crate) async fn checkin_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> StoreResult<Option<CheckinItem>> {
    let row = sqlx::query(select_checkins!("WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    with_texts(conn, row.as_ref()).await
}

async fn with_texts(
    conn: &mut AnyConnection,
    row: Option<&AnyRow>,
) -> StoreResult<Option<CheckinItem>> {
    let Some(mut item) = row.map(checkin_item).transpose()? else {
        return Ok(None);
    };
    item.blockers_and_help = checkin_texts(conn, item.id, item.id)
        .await?
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    Ok(Some(item))
}

/// The blocker texts (by id), then the help questions (by ask), of the check-ins with ids
/// from `from` to `to`, ordered by check-in.
async fn checkin_texts(
    conn: &mut AnyConnection,
    from: i64,
    to: i64,
) -> StoreResult<Vec<(i64, String)>> {
    let rows = sqlx::query(
        "SELECT checkin_id, body, 0 AS part, id AS n FROM blockers WHERE checkin_id BETWEEN $1 AND $2
         UNION ALL
         SELECT checkin_id, question, 1, ask_id FROM checkin_help WHERE checkin_id BETWEEN $1 AND $2
         ORDER BY 1, 3, 4",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// The ids of the teams whose DRI a member is.
pub(crate) async fn dri_teams(conn: &mut AnyConnection, member: i64) -> StoreResult<Vec<i64>> {
    Ok(
        sqlx::query_scalar::<sqlx::Any, i64>("SELECT id FROM teams WHERE dri_id = $1")
            .bind(member)
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// The ids of the spaces a member belongs to.
pub(crate) async fn member_spaces(conn: &mut AnyConnection, member: i64) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT space_id FROM space_members WHERE member_id = $1",
    )
    .bind(member)
    .fetch_all(&mut *conn)
    .await?)
}

/// The ids of every workspace-visible space.
pub(crate) async fn open_spaces(conn: &mut AnyConnection) -> StoreResult<Vec<i64>> {
    Ok(
        sqlx::query_scalar::<sqlx::Any, i64>(
            "SELECT id FROM spaces WHERE visibility = 'workspace'",
        )
        .fetch_all(&mut *conn)
        .await?,
    )
}

/// The ids of the teams a member belongs to.
pub(crate) async fn member_teams(conn: &mut AnyConnection, member: i64) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT team_id FROM team_members WHERE member_id = $1",
    )
    .bind(member)
    .fetch_all(&mut *conn)
    .await?)
}

/// The spaces by id: slug and name, for facets and hits.
pub(crate) async fn space_names(
    conn: &mut AnyConnection,
) -> StoreResult<Vec<(i64, String, String)>> {
    let rows = sqlx::query("SELECT id, slug, name FROM spaces")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)))
        .collect()
}

/// A member's id by handle, `None` when there is none.
pub(crate) async fn member_id(conn: &mut AnyConnection, handle: &str) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar::<sqlx::Any, i64>("SELECT id FROM members WHERE handle = $1")
            .bind(handle)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Keeps one search for the success rate; returns its id.
pub(crate) async fn record_search(
    conn: &mut AnyConnection,
    member: i64,
    at: Timestamp,
    query: &str,
    results: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar::<sqlx::Any, i64>(
        "INSERT INTO searches (member_id, at, query, result_count) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(member)
    .bind(micros(at))
    .bind(query)
    .bind(results)
    .fetch_one(&mut *conn)
    .await?)
}

/// Notes the first result opened after a search of `member`; false when there is no such
/// search of theirs.
pub(crate) async fn mark_opened(
    conn: &mut AnyConnection,
    id: i64,
    member: i64,
    at: Timestamp,
    href: &str,
) -> StoreResult<bool> {
    let found = sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT id FROM searches WHERE id = $1 AND member_id = $2",
    )
    .bind(id)
    .bind(member)
    .fetch_optional(&mut *conn)
    .await?;
    if found.is_none() {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE searches SET opened_at = $2, opened_href = $3 WHERE id = $1 AND opened_at IS NULL",
    )
    .bind(id)
    .bind(micros(at))
    .bind(href)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// When each search in `[from, to)` ran and when a result was first opened.
pub(crate) async fn search_runs(
    conn: &mut AnyConnection,
    from: Timestamp,
    to: Timestamp,
) -> StoreResult<Vec<(Timestamp, Option<Timestamp>)>> {
    let rows = sqlx::query("SELECT at, opened_at FROM searches WHERE at >= $1 AND at < $2")
        .bind(micros(from))
        .bind(micros(to))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            let opened = row
                .try_get::<Option<i64>, _>(1)?
                .map(from_micros)
                .transpose()?;
            Ok((from_micros(row.try_get(0)?)?, opened))
        })
        .collect()
}
