//! The reference: the same rows in an SQLite FTS5 table, and the same queries as `MATCH`.
//!
//! The table is filled from the rows the index holds, as `ops::search` builds its entries:
//! a document's current title and its intent, tags, field values and body; a thread's title
//! and first comment; every other comment under its thread's title; an ask's title, body,
//! response and comment. Comments and threads carry their document's home space, as in the
//! index. It is built with one `INSERT … SELECT` per kind over the workspace database
//! attached read-only, then `optimize`d (tantivy's build merges its segments too), with the
//! journal off, since the file is derived and thrown away. The `porter unicode61` tokenizer
//! stems as the engine's `en_stem` does (Porter against Snowball English: a few words end up
//! with different stems). FTS5 has no typo matching, so words of five letters or more can
//! match more items in the engine (one or two edits away); and it has no permission filter,
//! so its counts are over every item where the engine's are one member's. `after:` starts
//! at midnight UTC here and at midnight in the member's zone in the engine. The table keeps
//! a copy of the text (`snippet()` needs it), which the tantivy index does not: the engine
//! reads a hit's text back from the database.

use crate::queries::{self, Case, Filter};
use crate::report::{self, Report, Row};
use anyhow::Context;
use sqlx::{AssertSqlSafe, Connection, Row as _, SqliteConnection};
use std::path::Path;
use std::time::{Duration, Instant};

/// The file beside the workspace's database.
const FILE: &str = "fts5-bench.sqlite3";

const CREATE: &str = "CREATE VIRTUAL TABLE items USING fts5(
    title, body, key UNINDEXED, kind UNINDEXED, doc_kind UNINDEXED, space UNINDEXED,
    at UNINDEXED, tokenize = 'porter unicode61')";

/// A title match counts three times a body match, as `TITLE_BOOST` in the engine.
const RANK: &str = "INSERT INTO items(items, rank) VALUES ('rank', 'bm25(3.0, 1.0)')";

/// The space a thread's entries carry: its document's home space, or its own for a topic.
const THREAD_SPACE: &str = "LEFT JOIN ws.documents d ON d.id = t.document_id
    JOIN ws.spaces s ON s.id = coalesce(d.space_id, t.space_id)";

/// Threads of a document that is gone are not indexed.
const THREAD_KEPT: &str = "(t.document_id IS NULL OR d.id IS NOT NULL)";

/// The rows, one statement per kind of item.
fn fills() -> [(&'static str, String); 4] {
    [
        ("documents", "INSERT INTO items(title, body, key, kind, doc_kind, space, at)
            SELECT d.title,
                   d.intent || char(10)
                   || coalesce((SELECT group_concat(t.value, char(10)) FROM json_each(d.tags) t), '')
                   || char(10)
                   || coalesce((SELECT group_concat(CASE json_type(p.value, '$[1]')
                                    WHEN 'array' THEN (SELECT group_concat(i.value, char(10))
                                                       FROM json_each(p.value, '$[1]') i)
                                    ELSE json_extract(p.value, '$[1]') END, char(10))
                                FROM json_each(d.fields) p), '')
                   || char(10) || d.body,
                   'd:' || d.id, CASE d.kind WHEN 'adr' THEN 'decision' ELSE 'document' END,
                   d.kind, s.slug, d.updated_at
            FROM ws.documents d JOIN ws.spaces s ON s.id = d.space_id".to_owned()),
        ("threads", format!("INSERT INTO items(title, body, key, kind, space, at)
            SELECT t.title,
                   coalesce((SELECT c.body FROM ws.comments c WHERE c.thread_id = t.id
                             ORDER BY c.id LIMIT 1), ''),
                   't:' || t.id, 'thread', s.slug, t.last_activity_at
            FROM ws.threads t {THREAD_SPACE} WHERE {THREAD_KEPT}")),
        ("comments", format!("INSERT INTO items(title, body, key, kind, space, at)
            SELECT t.title, c.body, 'c:' || c.id, 'comment', s.slug, c.created_at
            FROM ws.comments c JOIN ws.threads t ON t.id = c.thread_id {THREAD_SPACE}
            WHERE {THREAD_KEPT}
              AND c.id <> (SELECT min(c2.id) FROM ws.comments c2 WHERE c2.thread_id = c.thread_id)")),
        ("asks", "INSERT INTO items(title, body, key, kind, at)
            SELECT a.title,
                   a.body || coalesce(char(10) || a.response, '') || coalesce(char(10) || a.comment, ''),
                   'a:' || a.id, 'ask', max(a.created_at, coalesce(a.responded_at, a.created_at))
            FROM ws.asks a".to_owned()),
    ]
}

/// Creates the table afresh and fills it; the time and the file's size.
async fn build(data_dir: &Path) -> anyhow::Result<(SqliteConnection, Duration, u64, u64)> {
    let path = data_dir.join(FILE);
    if path.exists() {
        std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
    }
    let mut conn =
        SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", path.display())).await?;
    let workspace = data_dir.join("longhand.sqlite3");
    let started = Instant::now();
    for pragma in ["PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF"] {
        sqlx::query(pragma).execute(&mut conn).await?;
    }
    sqlx::query("ATTACH DATABASE $1 AS ws")
        .bind(format!("file:{}?mode=ro", workspace.display()))
        .execute(&mut conn)
        .await
        .context("attaching the workspace database")?;
    sqlx::query(CREATE)
        .execute(&mut conn)
        .await
        .context("creating the FTS5 table (is FTS5 compiled in?)")?;
    sqlx::query(RANK).execute(&mut conn).await?;
    // The statements are put together from this file's constants only.
    for (what, sql) in fills() {
        sqlx::query(AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .with_context(|| format!("copying {what} into the FTS5 table"))?;
    }
    sqlx::query("INSERT INTO items(items) VALUES ('optimize')")
        .execute(&mut conn)
        .await?;
    let took = started.elapsed();
    let items: i64 = sqlx::query_scalar("SELECT count(*) FROM items")
        .fetch_one(&mut conn)
        .await?;
    let bytes = std::fs::metadata(&path)?.len();
    Ok((conn, took, u64::try_from(items).unwrap_or(0), bytes))
}

/// The SQL condition a filter adds beside `MATCH`.
fn condition(filter: &Filter) -> &'static str {
    match filter {
        Filter::None => "",
        Filter::DocKind(_) => " AND doc_kind = $2",
        Filter::Space(_) => " AND space = $2",
        Filter::After(..) => " AND at >= $2",
    }
}

fn bind<'q>(
    query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>,
    case: &'q Case,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
    let query = query.bind(case.fts5.as_str());
    match &case.filter {
        Filter::None => query,
        Filter::DocKind(value) | Filter::Space(value) => query.bind(value.as_str()),
        Filter::After(_, micros) => query.bind(*micros),
    }
}

/// One search: the top 20 by rank with snippets, and the total, as the engine's answer has.
async fn search(conn: &mut SqliteConnection, case: &Case) -> anyhow::Result<(u64, Duration)> {
    let cond = condition(&case.filter);
    let page = format!(
        "SELECT key, title, snippet(items, 1, '[', ']', '…', 12) FROM items
         WHERE items MATCH $1{cond} ORDER BY rank LIMIT 20"
    );
    let count = format!("SELECT count(*) FROM items WHERE items MATCH $1{cond}");
    // Both statements are this file's text and a constant condition; values are bound.
    let started = Instant::now();
    let rows = bind(sqlx::query(AssertSqlSafe(page.as_str())), case)
        .fetch_all(&mut *conn)
        .await?;
    let total: i64 = bind(sqlx::query(AssertSqlSafe(count.as_str())), case)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let took = started.elapsed();
    drop(rows);
    Ok((u64::try_from(total).unwrap_or(0), took))
}

async fn measure(conn: &mut SqliteConnection, case: &Case, runs: usize) -> anyhow::Result<Row> {
    let (matches, _) = search(conn, case)
        .await
        .with_context(|| format!("FTS5 query {:?}", case.fts5))?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        times.push(search(conn, case).await?.1);
    }
    Ok(Row::new(case.class, &describe(case), matches, times))
}

/// The query as FTS5 ran it, filter included.
fn describe(case: &Case) -> String {
    match &case.filter {
        Filter::None => case.fts5.clone(),
        Filter::DocKind(kind) => format!("{} doc_kind={kind}", case.fts5),
        Filter::Space(space) => format!("{} space={space}", case.fts5),
        Filter::After(day, _) => format!("{} at>={day}", case.fts5),
    }
}

/// Builds the table and runs the query set.
pub async fn run(data_dir: &Path, runs: usize) -> anyhow::Result<Report> {
    let mut workspace = queries::open_workspace(data_dir).await?;
    let cases = queries::choose(&mut workspace).await?;
    workspace.close().await?;
    let (mut conn, took, items, bytes) = build(data_dir).await?;
    let version: String = sqlx::query_scalar("SELECT sqlite_version()")
        .fetch_one(&mut conn)
        .await?;
    let mut rows = Vec::with_capacity(cases.len());
    for case in &cases {
        rows.push(measure(&mut conn, case, runs).await?);
    }
    Ok(Report {
        mode: "fts5".into(),
        notes: vec![
            format!(
                "SQLite {version} FTS5 (bundled by sqlx), porter unicode61, bm25 title 3 : body 1; a page of 20 with snippet() plus count(*) per query"
            ),
            format!(
                "built {items} items in {:.1} s (INSERT … SELECT from the workspace, then optimize); the table takes {:.1} MiB",
                took.as_secs_f64(),
                report::mib(bytes)
            ),
            "no permission filter (in FTS5's favour): counts cover every item".into(),
        ],
        runs,
        rows,
        peak_rss_kib: report::peak_rss_kib(),
    })
}
