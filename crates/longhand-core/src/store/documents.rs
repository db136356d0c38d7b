//! Documents, their immutable revisions, named readers, approved shares and the link table
//! behind backlinks.
//!
//! Every read is for one viewer: the row carries the facts `longhand_domain::documents::can_read`
//! needs (their membership of the document's space and of spaces it was shared into, whether
//! they are a named reader). Lists filter in SQL to a superset of what the viewer may read
//! (never a private space they are not in) and the domain rule decides exactly.

use super::members::expect_one;
use super::{StoreError, StoreResult, from_micros, micros};
use crate::views::documents::{DocumentRecord, RevisionRecord, ShareRecord, ViewerFacts};
use jiff::Timestamp;
use longhand_domain::documents::{Classification, FieldValue};
use longhand_domain::workspace::Visibility;
use serde_json::Value;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

/// The editable content of a document: what one revision records.
#[derive(Debug, Clone)]
pub(crate) struct Content<'a> {
    pub title: &'a str,
    pub owner_id: i64,
    pub intent: &'a str,
    pub classification: Classification,
    pub status: &'a str,
    pub tags: &'a [String],
    pub fields: &'a [(String, FieldValue)],
    pub body: &'a str,
}

/// What creating a document writes besides its content.
#[derive(Debug, Clone)]
pub(crate) struct NewDocument<'a> {
    pub slug: &'a str,
    pub space_id: i64,
    pub kind: &'a str,
    pub parent_id: Option<i64>,
    pub source_thread_id: Option<i64>,
    pub author_id: i64,
    pub at: Timestamp,
}

macro_rules! select_documents {
    ($rest:literal) => {
        select_documents!(body: "d.body", $rest)
    };
    (body: $body:literal, $rest:literal) => {
        concat!(
            "SELECT d.id, d.slug, d.space_id, s.slug AS space_slug, s.name AS space_name, s.visibility AS space_visibility,
                    d.kind, d.title, d.owner_id, o.handle AS owner_handle, o.name AS owner_name, d.intent,
                    d.classification, d.status, d.tags, d.fields, ", $body, " AS body, d.revision, d.parent_id, d.position,
                    d.source_thread_id, d.created_at, d.updated_at,
                    vm.member_id AS in_space, vr.member_id AS named,
                    (SELECT COUNT(*) FROM document_shares ds JOIN space_members sm ON sm.space_id = ds.space_id
                      WHERE ds.document_id = d.id AND sm.member_id = $1) AS in_shared,
                    (SELECT COUNT(*) FROM document_shares ds JOIN spaces ss ON ss.id = ds.space_id
                      WHERE ds.document_id = d.id AND ss.visibility = 'workspace') AS shared_open
             FROM documents d JOIN spaces s ON s.id = d.space_id JOIN members o ON o.id = d.owner_id
             LEFT JOIN space_members vm ON vm.space_id = d.space_id AND vm.member_id = $1
             LEFT JOIN document_readers vr ON vr.document_id = d.id AND vr.member_id = $1 ",
            $rest
        )
    };
}

// The viewer's own facts come from two left joins on primary keys (one row at most each),
// so a row costs two index probes; the share counts stay subqueries because they are keyed
// by the document's primary key too and almost always find nothing. They are evaluated
// only for the rows a list returns: the lists walk an index in their `ORDER BY` and stop
// at their limit instead of sorting every document (migration 0020).

/// The SQL pre-filter for lists: never a private space the viewer is not in, unless the
/// document is theirs or was shared into one of their spaces; never a confidential document
/// outside their spaces, nor a restricted one they are not named on. Every clause is implied
/// by `longhand_domain::documents::can_read`, which still decides each row exactly. The
/// argument is the SQL of a flag that is 1 for a guest, who sees no open space they are not in.
macro_rules! reachable {
    ($guest:literal) => {
        concat!(
            "(d.owner_id = $1 OR ((s.visibility = 'workspace' AND ", $guest, " = 0) OR vm.member_id IS NOT NULL
               OR EXISTS (SELECT 1 FROM document_shares ds JOIN space_members sm ON sm.space_id = ds.space_id
                           WHERE ds.document_id = d.id AND sm.member_id = $1))
              AND (d.classification IN ('public', 'internal')
                   OR (d.classification = 'confidential' AND (vm.member_id IS NOT NULL
                       OR EXISTS (SELECT 1 FROM document_shares ds JOIN space_members sm ON sm.space_id = ds.space_id
                                   WHERE ds.document_id = d.id AND sm.member_id = $1)))
                   OR (d.classification = 'restricted' AND vr.member_id IS NOT NULL)))"
        )
    };
}

fn other(err: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Other(anyhow::Error::new(err))
}

pub(crate) fn tags_json(tags: &[String]) -> String {
    Value::from(tags.to_vec()).to_string()
}

pub(crate) fn parse_tags(text: &str) -> StoreResult<Vec<String>> {
    serde_json::from_str(text).map_err(other)
}

/// Fields keep their order, so they are stored as `[[name, value], …]`, a value being a
/// string or an array of strings.
pub(crate) fn fields_json(fields: &[(String, FieldValue)]) -> String {
    let pairs: Vec<Value> = fields
        .iter()
        .map(|(name, value)| {
            let value = match value {
                FieldValue::Text(text) => Value::from(text.as_str()),
                FieldValue::List(items) => Value::from(items.clone()),
            };
            Value::Array(vec![Value::from(name.as_str()), value])
        })
        .collect();
    Value::Array(pairs).to_string()
}

pub(crate) fn parse_fields(text: &str) -> StoreResult<Vec<(String, FieldValue)>> {
    let pairs: Vec<(String, Value)> = serde_json::from_str(text).map_err(other)?;
    pairs
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                Value::Array(items) => FieldValue::List(
                    items
                        .into_iter()
                        .map(|item| item.as_str().unwrap_or_default().to_owned())
                        .collect(),
                ),
                Value::String(text) => FieldValue::Text(text),
                other => FieldValue::Text(other.to_string()),
            };
            Ok((name, value))
        })
        .collect()
}

fn classification(row: &AnyRow) -> StoreResult<Classification> {
    Classification::parse(row.try_get("classification")?).map_err(other)
}

fn count(row: &AnyRow, column: &str) -> StoreResult<bool> {
    Ok(row.try_get::<i64, _>(column)? > 0)
}

fn joined(row: &AnyRow, column: &str) -> StoreResult<bool> {
    Ok(row.try_get::<Option<i64>, _>(column)?.is_some())
}

fn from_row(row: &AnyRow) -> StoreResult<DocumentRecord> {
    let visibility: String = row.try_get("space_visibility")?;
    Ok(DocumentRecord {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        space_id: row.try_get("space_id")?,
        space_slug: row.try_get("space_slug")?,
        space_name: row.try_get("space_name")?,
        space_visibility: Visibility::parse(&visibility).map_err(other)?,
        kind: row.try_get("kind")?,
        title: row.try_get("title")?,
        owner_id: row.try_get("owner_id")?,
        owner_handle: row.try_get("owner_handle")?,
        owner_name: row.try_get("owner_name")?,
        intent: row.try_get("intent")?,
        classification: classification(row)?,
        status: row.try_get("status")?,
        tags: parse_tags(row.try_get("tags")?)?,
        fields: parse_fields(row.try_get("fields")?)?,
        body: row.try_get("body")?,
        revision: row.try_get("revision")?,
        parent_id: row.try_get("parent_id")?,
        position: row.try_get("position")?,
        source_thread_id: row.try_get("source_thread_id")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        updated_at: from_micros(row.try_get("updated_at")?)?,
        viewer: ViewerFacts {
            in_space: joined(row, "in_space")?,
            in_shared_space: count(row, "in_shared")?,
            shared_open: count(row, "shared_open")?,
            named_reader: joined(row, "named")?,
        },
    })
}

/// One document by slug, with the viewer's facts.
pub(crate) async fn by_slug(
    conn: &mut AnyConnection,
    viewer_id: i64,
    slug: &str,
) -> StoreResult<DocumentRecord> {
    let row = sqlx::query(select_documents!("WHERE d.slug = $2"))
        .bind(viewer_id)
        .bind(slug)
        .fetch_one(conn)
        .await?;
    from_row(&row)
}

/// One document by id, with the viewer's facts.
pub(crate) async fn by_id(
    conn: &mut AnyConnection,
    viewer_id: i64,
    id: i64,
) -> StoreResult<DocumentRecord> {
    let row = sqlx::query(select_documents!("WHERE d.id = $2"))
        .bind(viewer_id)
        .bind(id)
        .fetch_one(conn)
        .await?;
    from_row(&row)
}

/// What a document list is narrowed to.
#[derive(Debug, Clone, Default)]
pub(crate) struct ListFilter<'a> {
    pub space_id: Option<i64>,
    pub kind: Option<&'a str>,
    pub status: Option<&'a str>,
    /// Only documents that sort after this one (`updated_at` in microseconds, id), newest
    /// change first: where the previous page stopped.
    pub after: Option<(i64, i64)>,
    /// The viewer is a guest, who sees no open space they are not a member of.
    pub guest: bool,
    pub limit: i64,
}

/// One list query per index it walks: a bound `$n = 0 OR column = $n` would hide the column
/// from the planner, so the space and the kind each get their own text. All three take the
/// same parameters in the same order.
macro_rules! list_documents {
    ($narrow:literal) => {
        concat!(
            select_documents!("WHERE "),
            $narrow,
            " AND ($4 = '' OR d.status = $4) AND d.updated_at <= $5 AND (d.updated_at < $5 OR d.id < $6) AND ",
            reachable!("$8"),
            " ORDER BY d.updated_at DESC, d.id DESC LIMIT $7"
        )
    };
}

const LIST_ALL: &str = list_documents!("$2 = 0 AND $3 = ''");
const LIST_IN_SPACE: &str = list_documents!("d.space_id = $2 AND ($3 = '' OR d.kind = $3)");
const LIST_OF_KIND: &str = list_documents!("$2 = 0 AND d.kind = $3");

/// Documents the viewer may be able to read, newest change first, a page at a time.
pub(crate) async fn list(
    conn: &mut AnyConnection,
    viewer_id: i64,
    filter: &ListFilter<'_>,
) -> StoreResult<Vec<DocumentRecord>> {
    let sql = match (filter.space_id, filter.kind) {
        (Some(_), _) => LIST_IN_SPACE,
        (None, Some(_)) => LIST_OF_KIND,
        (None, None) => LIST_ALL,
    };
    let (at, id) = filter.after.unwrap_or((i64::MAX, i64::MAX));
    let rows = sqlx::query(sql)
        .bind(viewer_id)
        .bind(filter.space_id.unwrap_or(0))
        .bind(filter.kind.unwrap_or(""))
        .bind(filter.status.unwrap_or(""))
        .bind(at)
        .bind(id)
        .bind(filter.limit)
        .bind(i64::from(filter.guest))
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Every document of a kind the viewer may be able to read (the caller decides exactly), newest
/// change first: the decision log reads all decision records at once, because a record's
/// status depends on what the others say about it.
pub(crate) async fn of_kind(
    conn: &mut AnyConnection,
    viewer_id: i64,
    kind: &str,
) -> StoreResult<Vec<DocumentRecord>> {
    let rows = sqlx::query(concat!(
        select_documents!("WHERE d.kind = $2 AND "),
        reachable!("0"),
        " ORDER BY d.updated_at DESC, d.id DESC"
    ))
    .bind(viewer_id)
    .bind(kind)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Documents of a kind the viewer may be able to read (the caller decides exactly), created
/// in `(after, until]`, newest first: the decisions a digest reports.
pub(crate) async fn of_kind_created_between(
    conn: &mut AnyConnection,
    viewer_id: i64,
    kind: &str,
    after: Timestamp,
    until: Timestamp,
) -> StoreResult<Vec<DocumentRecord>> {
    let rows = sqlx::query(concat!(
        select_documents!("WHERE d.kind = $2 AND d.created_at > $3 AND d.created_at <= $4 AND "),
        reachable!("0"),
        " ORDER BY d.created_at DESC, d.id DESC"
    ))
    .bind(viewer_id)
    .bind(kind)
    .bind(micros(after))
    .bind(micros(until))
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Documents of a kind owned by a team's members or its DRI, created in `(after, until]`,
/// that the viewer may be able to read, newest first: a team digest's decisions.
pub(crate) async fn of_kind_by_team_between(
    conn: &mut AnyConnection,
    viewer_id: i64,
    kind: &str,
    team_id: i64,
    window: (Timestamp, Timestamp),
) -> StoreResult<Vec<DocumentRecord>> {
    let rows = sqlx::query(concat!(
        select_documents!(
            "WHERE d.kind = $2 AND d.created_at > $4 AND d.created_at <= $5
            AND (d.owner_id IN (SELECT member_id FROM team_members WHERE team_id = $3)
                 OR d.owner_id = (SELECT dri_id FROM teams WHERE id = $3)) AND "
        ),
        reachable!("0"),
        " ORDER BY d.created_at DESC, d.id DESC"
    ))
    .bind(viewer_id)
    .bind(kind)
    .bind(team_id)
    .bind(micros(window.0))
    .bind(micros(window.1))
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Like [`of_kind`] and [`all_of_kind`] (`viewer_id` 0 for everyone), without bodies
/// (`body` is empty): the decision log computes statuses and links from every record's
/// fields, and never shows a body in the list.
pub(crate) async fn outlines_of_kind(
    conn: &mut AnyConnection,
    viewer_id: Option<i64>,
    kind: &str,
) -> StoreResult<Vec<DocumentRecord>> {
    let sql = match viewer_id {
        Some(_) => concat!(
            select_documents!(body: "''", "WHERE d.kind = $2 AND "),
            reachable!("0"),
            " ORDER BY d.updated_at DESC, d.id DESC"
        ),
        None => {
            select_documents!(body: "''", "WHERE d.kind = $2 ORDER BY d.updated_at DESC, d.id DESC")
        }
    };
    let rows = sqlx::query(sql)
        .bind(viewer_id.unwrap_or(0))
        .bind(kind)
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Every document of a kind, whoever may read it: for jobs and the operator's command line,
/// which act for nobody in particular.
pub(crate) async fn all_of_kind(
    conn: &mut AnyConnection,
    kind: &str,
) -> StoreResult<Vec<DocumentRecord>> {
    let rows = sqlx::query(select_documents!(
        "WHERE d.kind = $2 ORDER BY d.updated_at DESC, d.id DESC"
    ))
    .bind(0_i64)
    .bind(kind)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The handbook pages directly under a page, in order; the caller filters.
pub(crate) async fn children(
    conn: &mut AnyConnection,
    viewer_id: i64,
    parent_id: i64,
) -> StoreResult<Vec<DocumentRecord>> {
    let rows = sqlx::query(select_documents!(
        "WHERE d.parent_id = $2 ORDER BY d.position, d.title"
    ))
    .bind(viewer_id)
    .bind(parent_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Handbook pages of a space, in tree order (parent, then position).
pub(crate) async fn handbook(
    conn: &mut AnyConnection,
    viewer_id: i64,
    space_id: Option<i64>,
) -> StoreResult<Vec<DocumentRecord>> {
    let rows = sqlx::query(concat!(
        select_documents!("WHERE d.kind = 'handbook' AND ($2 = 0 OR d.space_id = $2) AND "),
        reachable!("0"),
        " ORDER BY d.position, d.title"
    ))
    .bind(viewer_id)
    .bind(space_id.unwrap_or(0))
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Inserts a document and its first revision; returns the id.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    doc: &NewDocument<'_>,
    content: &Content<'_>,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO documents (slug, space_id, kind, title, owner_id, intent, classification, status, tags, fields, body,
                                revision, parent_id, position, source_thread_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12,
                 (SELECT COUNT(*) FROM documents WHERE space_id = $2), $13, $14, $14)
         RETURNING id",
    )
    .bind(doc.slug)
    .bind(doc.space_id)
    .bind(doc.kind)
    .bind(content.title)
    .bind(content.owner_id)
    .bind(content.intent)
    .bind(content.classification.as_str())
    .bind(content.status)
    .bind(tags_json(content.tags))
    .bind(fields_json(content.fields))
    .bind(content.body)
    .bind(doc.parent_id)
    .bind(doc.source_thread_id)
    .bind(micros(doc.at))
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    insert_revision(conn, id, 1, doc.author_id, doc.at, content, "").await?;
    Ok(id)
}

async fn insert_revision(
    conn: &mut AnyConnection,
    document_id: i64,
    number: i64,
    author_id: i64,
    at: Timestamp,
    content: &Content<'_>,
    note: &str,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO revisions (document_id, number, author_id, created_at, title, intent, classification, status,
                                owner_id, tags, fields, body, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(document_id)
    .bind(number)
    .bind(author_id)
    .bind(micros(at))
    .bind(content.title)
    .bind(content.intent)
    .bind(content.classification.as_str())
    .bind(content.status)
    .bind(content.owner_id)
    .bind(tags_json(content.tags))
    .bind(fields_json(content.fields))
    .bind(content.body)
    .bind(note)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes a new revision, refusing when the document moved on since `base` (someone else
/// saved in between): the caller reloads instead of overwriting their work.
pub(crate) async fn revise(
    conn: &mut AnyConnection,
    document_id: i64,
    base: i64,
    author_id: i64,
    at: Timestamp,
    content: &Content<'_>,
    note: &str,
) -> StoreResult<i64> {
    let done = sqlx::query(
        "UPDATE documents SET title = $3, owner_id = $4, intent = $5, classification = $6, status = $7, tags = $8,
                fields = $9, body = $10, revision = revision + 1, updated_at = $11
         WHERE id = $1 AND revision = $2",
    )
    .bind(document_id)
    .bind(base)
    .bind(content.title)
    .bind(content.owner_id)
    .bind(content.intent)
    .bind(content.classification.as_str())
    .bind(content.status)
    .bind(tags_json(content.tags))
    .bind(fields_json(content.fields))
    .bind(content.body)
    .bind(micros(at))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict(format!(
            "this document changed since revision {base}; reload it and apply your edit again"
        )));
    }
    insert_revision(conn, document_id, base + 1, author_id, at, content, note).await?;
    Ok(base + 1)
}

macro_rules! select_revisions {
    ($rest:literal) => {
        concat!(
            "SELECT r.number, a.handle AS author_handle, a.name AS author_name, r.created_at, r.title, r.intent,
                    r.classification, r.status, o.handle AS owner_handle, r.tags, r.fields, r.body, r.note
             FROM revisions r JOIN members a ON a.id = r.author_id JOIN members o ON o.id = r.owner_id ",
            $rest
        )
    };
}

fn revision_from_row(row: &AnyRow) -> StoreResult<RevisionRecord> {
    Ok(RevisionRecord {
        number: row.try_get("number")?,
        author_handle: row.try_get("author_handle")?,
        author_name: row.try_get("author_name")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        title: row.try_get("title")?,
        intent: row.try_get("intent")?,
        classification: classification(row)?,
        status: row.try_get("status")?,
        owner_handle: row.try_get("owner_handle")?,
        tags: parse_tags(row.try_get("tags")?)?,
        fields: parse_fields(row.try_get("fields")?)?,
        body: row.try_get("body")?,
        note: row.try_get("note")?,
    })
}

/// Every revision of a document, oldest first.
pub(crate) async fn revisions(
    conn: &mut AnyConnection,
    document_id: i64,
) -> StoreResult<Vec<RevisionRecord>> {
    let rows = sqlx::query(select_revisions!(
        "WHERE r.document_id = $1 ORDER BY r.number"
    ))
    .bind(document_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(revision_from_row).collect()
}

/// One revision of a document.
pub(crate) async fn revision(
    conn: &mut AnyConnection,
    document_id: i64,
    number: i64,
) -> StoreResult<RevisionRecord> {
    let row = sqlx::query(select_revisions!(
        "WHERE r.document_id = $1 AND r.number = $2"
    ))
    .bind(document_id)
    .bind(number)
    .fetch_one(conn)
    .await?;
    revision_from_row(&row)
}

/// The named readers of a document: (id, handle, name).
pub(crate) async fn readers(
    conn: &mut AnyConnection,
    document_id: i64,
) -> StoreResult<Vec<(i64, String, String)>> {
    let rows = sqlx::query(
        "SELECT m.id, m.handle, m.name FROM document_readers r JOIN members m ON m.id = r.member_id
         WHERE r.document_id = $1 ORDER BY m.handle",
    )
    .bind(document_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("id")?,
                row.try_get("handle")?,
                row.try_get("name")?,
            ))
        })
        .collect()
}

/// Replaces the named readers of a document.
pub(crate) async fn set_readers(
    conn: &mut AnyConnection,
    document_id: i64,
    member_ids: &[i64],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM document_readers WHERE document_id = $1")
        .bind(document_id)
        .execute(&mut *conn)
        .await?;
    for member_id in member_ids {
        sqlx::query("INSERT INTO document_readers (document_id, member_id) VALUES ($1, $2)")
            .bind(document_id)
            .bind(member_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Moves a handbook page under another parent (or to the top) at a position.
pub(crate) async fn place(
    conn: &mut AnyConnection,
    document_id: i64,
    parent_id: Option<i64>,
    position: i64,
) -> StoreResult<()> {
    let done = sqlx::query("UPDATE documents SET parent_id = $2, position = $3 WHERE id = $1")
        .bind(document_id)
        .bind(parent_id)
        .bind(position)
        .execute(conn)
        .await?;
    expect_one(done.rows_affected())
}

/// Replaces what a document (or a thread) links to.
pub(crate) async fn set_links(
    conn: &mut AnyConnection,
    from: LinkSource,
    targets: &[i64],
) -> StoreResult<()> {
    let (column_doc, column_thread) = match from {
        LinkSource::Document(id) => (Some(id), None),
        LinkSource::Thread(id) => (None, Some(id)),
    };
    match from {
        LinkSource::Document(id) => {
            sqlx::query("DELETE FROM doc_links WHERE from_document_id = $1").bind(id)
        }
        LinkSource::Thread(id) => {
            sqlx::query("DELETE FROM doc_links WHERE from_thread_id = $1").bind(id)
        }
    }
    .execute(&mut *conn)
    .await?;
    for target in targets {
        sqlx::query("INSERT INTO doc_links (to_document_id, from_document_id, from_thread_id) VALUES ($1, $2, $3)")
            .bind(target)
            .bind(column_doc)
            .bind(column_thread)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Where a link was written.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LinkSource {
    Document(i64),
    Thread(i64),
}

/// The documents that link to a document (directly, or from one of their threads), with the
/// viewer's facts, newest change first; at most `limit`, in one query.
pub(crate) async fn backlinks(
    conn: &mut AnyConnection,
    viewer_id: i64,
    document_id: i64,
    limit: i64,
) -> StoreResult<Vec<DocumentRecord>> {
    let rows = sqlx::query(select_documents!(
        "WHERE d.id IN (SELECT l.from_document_id FROM doc_links l WHERE l.to_document_id = $2
                        UNION SELECT t.document_id FROM doc_links l JOIN threads t ON t.id = l.from_thread_id
                        WHERE l.to_document_id = $2)
           AND d.id <> $2
         ORDER BY d.updated_at DESC, d.id DESC LIMIT $3"
    ))
    .bind(viewer_id)
    .bind(document_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Ids of documents with the given slugs (unknown slugs are left out).
pub(crate) async fn ids_of(
    conn: &mut AnyConnection,
    slugs: &[String],
) -> StoreResult<Vec<(String, i64)>> {
    let mut found = Vec::new();
    for slug in slugs {
        let row = sqlx::query("SELECT id FROM documents WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&mut *conn)
            .await?;
        if let Some(row) = row {
            found.push((slug.clone(), row.try_get("id")?));
        }
    }
    Ok(found)
}

/// A space's own template as stored.
#[derive(Debug, Clone)]
pub(crate) struct TemplateRecord {
    pub kind: String,
    pub source: String,
}

/// The custom templates of a space, by kind.
pub(crate) async fn space_templates(
    conn: &mut AnyConnection,
    space_id: i64,
) -> StoreResult<Vec<TemplateRecord>> {
    let rows =
        sqlx::query("SELECT kind, source FROM space_templates WHERE space_id = $1 ORDER BY kind")
            .bind(space_id)
            .fetch_all(conn)
            .await?;
    rows.iter()
        .map(|row| {
            Ok(TemplateRecord {
                kind: row.try_get("kind")?,
                source: row.try_get("source")?,
            })
        })
        .collect()
}

/// Adds a space template, or replaces the one of the same kind.
pub(crate) async fn save_template(
    conn: &mut AnyConnection,
    space_id: i64,
    kind: &str,
    source: &str,
    author_id: i64,
    at: Timestamp,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM space_templates WHERE space_id = $1 AND kind = $2")
        .bind(space_id)
        .bind(kind)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO space_templates (space_id, kind, source, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(space_id)
    .bind(kind)
    .bind(source)
    .bind(author_id)
    .bind(micros(at))
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a pending request to share a document into another space; returns its id.
pub(crate) async fn request_share(
    conn: &mut AnyConnection,
    document_id: i64,
    space_id: i64,
    requested_by: i64,
    reason: &str,
    at: Timestamp,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO share_requests (document_id, space_id, requested_by, reason, state, created_at)
         VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id",
    )
    .bind(document_id)
    .bind(space_id)
    .bind(requested_by)
    .bind(reason)
    .bind(micros(at))
    .fetch_one(conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// The share requests of a document, newest first.
pub(crate) async fn shares(
    conn: &mut AnyConnection,
    document_id: i64,
) -> StoreResult<Vec<ShareRecord>> {
    let rows = sqlx::query(
        "SELECT q.id, q.document_id, q.space_id, s.slug AS space_slug, s.name AS space_name, r.handle AS requested_by_handle,
                q.reason, q.state, d.handle AS decided_by_handle, q.created_at
         FROM share_requests q JOIN spaces s ON s.id = q.space_id JOIN members r ON r.id = q.requested_by
         LEFT JOIN members d ON d.id = q.decided_by
         WHERE q.document_id = $1 ORDER BY q.id DESC",
    )
    .bind(document_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ShareRecord {
                id: row.try_get("id")?,
                document_id: row.try_get("document_id")?,
                space_id: row.try_get("space_id")?,
                space_slug: row.try_get("space_slug")?,
                space_name: row.try_get("space_name")?,
                requested_by_handle: row.try_get("requested_by_handle")?,
                reason: row.try_get("reason")?,
                state: row.try_get("state")?,
                decided_by_handle: row.try_get("decided_by_handle")?,
                created_at: from_micros(row.try_get("created_at")?)?,
            })
        })
        .collect()
}

/// Approves or denies a pending request; approval adds the share. Refuses a request that
/// was already decided, so two admins deciding at once cannot both win.
pub(crate) async fn decide_share(
    conn: &mut AnyConnection,
    request_id: i64,
    approve: bool,
    decided_by: i64,
    at: Timestamp,
) -> StoreResult<()> {
    let state = if approve { "approved" } else { "denied" };
    let done = sqlx::query(
        "UPDATE share_requests SET state = $2, decided_by = $3, decided_at = $4 WHERE id = $1 AND state = 'pending'",
    )
    .bind(request_id)
    .bind(state)
    .bind(decided_by)
    .bind(micros(at))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict(
            "that request was already decided".into(),
        ));
    }
    if approve {
        sqlx::query(
            "INSERT INTO document_shares (document_id, space_id, request_id)
             SELECT document_id, space_id, id FROM share_requests WHERE id = $1
             ON CONFLICT DO NOTHING",
        )
        .bind(request_id)
        .execute(conn)
        .await?;
    }
    Ok(())
}
