//! The engine mode: the query set through `ops::search::lookup`, as one ordinary member.

use crate::queries::{self, Case};
use crate::report::{self, Report, Row};
use anyhow::Context;
use longhand_core::Store;
use longhand_core::clock::Clock;
use longhand_core::ops::{self, Actor, App};
use longhand_core::views::search::SearchRequest;
use longhand_domain::names::Handle;
use sqlx::SqliteConnection;
use std::path::Path;
use std::time::{Duration, Instant};

/// Hits per page, as FTS5's `LIMIT 20`.
const PAGE: u32 = 20;

/// Opens the workspace as `longhand search` does (store, migrations, index beside it).
async fn open(data_dir: &Path) -> anyhow::Result<App> {
    let url = format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("longhand.sqlite3").display()
    );
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    let app = App::new(store, Clock::System);
    app.set_search_dir(data_dir.join("search"));
    Ok(app)
}

/// The first ordinary member by id: neither the admin nor a guest, so the permission filter
/// is the one most searches go through.
async fn first_member(conn: &mut SqliteConnection) -> anyhow::Result<String> {
    let handle: Option<String> =
        sqlx::query_scalar("SELECT handle FROM members WHERE role = 'member' ORDER BY id LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    handle.context("the workspace has no ordinary member to search as; pass --as")
}

async fn search(app: &App, actor: &Actor, q: &str) -> anyhow::Result<(u64, Duration)> {
    let mut req = SearchRequest::new(q);
    req.per_page = PAGE;
    let started = Instant::now();
    let results = ops::search::lookup(app, actor, &req)
        .await
        .with_context(|| format!("searching {q:?}"))?;
    Ok((results.total, started.elapsed()))
}

/// One warm-up, then `runs` measured searches.
async fn measure(app: &App, actor: &Actor, case: &Case, runs: usize) -> anyhow::Result<Row> {
    let (matches, _) = search(app, actor, &case.engine).await?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        times.push(search(app, actor, &case.engine).await?.1);
    }
    Ok(Row::new(case.class, &case.engine, matches, times))
}

/// Runs the query set as `member` (or the first ordinary member).
pub async fn run(data_dir: &Path, member: Option<&str>, runs: usize) -> anyhow::Result<Report> {
    let mut conn = queries::open_workspace(data_dir).await?;
    let cases = queries::choose(&mut conn).await?;
    let handle = match member {
        Some(handle) => handle.to_owned(),
        None => first_member(&mut conn).await?,
    };
    drop(conn);
    let app = open(data_dir).await?;
    let handle = Handle::parse(&handle).map_err(|err| anyhow::anyhow!("--as: {err}"))?;
    let actor = ops::members::actor_by_handle(&app, &handle)
        .await
        .with_context(|| format!("--as {}", handle.as_str()))?;
    // The first search opens the index and lets it catch up with the event log: a cost
    // paid once per process, reported apart from the queries.
    let (_, first) = search(&app, &actor, &cases[0].engine).await?;
    let mut rows = Vec::with_capacity(cases.len());
    for case in &cases {
        rows.push(measure(&app, &actor, case, runs).await?);
    }
    Ok(Report {
        mode: "engine".into(),
        notes: vec![
            format!(
                "Longhand's engine via ops::search::lookup as @{} ({}): permission filter, total and facets, a page of {PAGE} hits re-read from the database with snippets",
                handle.as_str(),
                actor.role.as_str()
            ),
            format!(
                "opening the index and the first search took {:.1} ms",
                first.as_secs_f64() * 1000.0
            ),
            format!(
                "index at {}: {:.1} MiB",
                data_dir.join("search").display(),
                report::mib(dir_size(&data_dir.join("search")))
            ),
        ],
        runs,
        rows,
        peak_rss_kib: report::peak_rss_kib(),
    })
}

/// The bytes of the files under a directory (0 when it cannot be read).
fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_dir() => dir_size(&entry.path()),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        })
        .sum()
}
