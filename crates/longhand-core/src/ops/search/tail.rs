//! Keeping the index current: the engine each `App` holds, the catch-up that applies the
//! event log after the index's checkpoint, the full build, and the tailer the server runs.
//!
//! Each commit of the index carries the id of the last event it reflects. A catch-up reads
//! the events after it in batches, re-indexes what each one names (its `ABOUT` subjects in
//! `ops::event_log`, the ask an `ask.*` event is about, and the check-in a `checkin.answered`
//! event answers), and commits with the batch's last
//! id, so a process killed mid-batch starts again from the last commit and re-applies it
//! (re-indexing is delete-then-add, so applying twice changes nothing). An index with no
//! checkpoint — new, or thrown away as damaged — is built from the tables first, with the
//! event log's head read *before* the tables as its checkpoint.

use super::index::SearchIndex;
use super::items::{self, BuildProgress};
use crate::ops::App;
use crate::ops::event_log::{Named, named_by};
use crate::store::events as store_events;
use crate::views::events::Event;
use sqlx::AnyConnection;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tantivy::IndexWriter;
use tokio::sync::OnceCell;

/// Events read per batch; each batch is one commit.
const EVENTS_PER_BATCH: i64 = 500;
/// How often the server's tailer looks for new events.
pub(crate) const POLL: Duration = Duration::from_millis(500);

/// Where an `App`'s index lives, opened on first use.
#[derive(Default)]
pub(crate) struct Engine {
    dir: std::sync::Mutex<Option<PathBuf>>,
    index: OnceCell<Arc<SearchIndex>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("index", &self.index.get())
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// Sets the directory; takes effect only before the index is first opened.
    pub(crate) fn set_dir(&self, dir: PathBuf) {
        let mut slot = self
            .dir
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *slot = Some(dir);
    }

    /// The index, opened (and emptied if unusable) on first use; in memory when no directory
    /// was set.
    pub(crate) async fn index(&self) -> anyhow::Result<Arc<SearchIndex>> {
        let index = self
            .index
            .get_or_try_init(|| async {
                let dir = self
                    .dir
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .clone();
                tokio::task::spawn_blocking(move || SearchIndex::open(dir.as_deref()))
                    .await?
                    .map(Arc::new)
            })
            .await?;
        Ok(Arc::clone(index))
    }
}

/// What a full build did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildSummary {
    /// Entries in the index.
    pub items: u64,
    /// The index's size on disk (0 in memory).
    pub bytes: u64,
    /// The event the index reflects.
    pub checkpoint: i64,
}

fn db(err: crate::store::StoreError) -> anyhow::Error {
    items::store_err(err)
}

/// Applies every event after the index's checkpoint (building the index first if it has
/// none). When another process holds the index's writer, only re-reads its last commit.
pub async fn catch_up(app: &App) -> anyhow::Result<()> {
    let index = app.search_engine().index().await?;
    let mut guard = index.writer.lock().await;
    let Some(writer) = guard.as_mut() else {
        return index.refresh();
    };
    let mut conn = app.store().read().await.map_err(db)?;
    if index.checkpoint() < 0 {
        build_locked(&mut conn, &index, writer, &|_| {}).await?;
    }
    loop {
        let events = store_events::page(&mut conn, index.checkpoint(), EVENTS_PER_BATCH)
            .await
            .map_err(db)?;
        let Some(last) = events.last().map(|e| e.id) else {
            return Ok(());
        };
        apply(&mut conn, writer, &index, &events).await?;
        index.commit(writer, last)?;
    }
}

/// Rebuilds the whole index from the tables, reporting progress as it goes.
pub async fn rebuild(
    app: &App,
    progress: &(dyn Fn(BuildProgress) + Sync),
) -> anyhow::Result<BuildSummary> {
    let index = app.search_engine().index().await?;
    let mut guard = index.writer.lock().await;
    let Some(writer) = guard.as_mut() else {
        anyhow::bail!(
            "another process (a running server?) is writing the search index; stop it, or let it rebuild the index itself"
        );
    };
    let mut conn = app.store().read().await.map_err(db)?;
    let items = build_locked(&mut conn, &index, writer, progress).await?;
    Ok(BuildSummary {
        items,
        bytes: index.size_bytes(),
        checkpoint: index.checkpoint(),
    })
}

async fn build_locked(
    conn: &mut AnyConnection,
    index: &SearchIndex,
    writer: &mut IndexWriter,
    progress: &(dyn Fn(BuildProgress) + Sync),
) -> anyhow::Result<u64> {
    let head = store_events::head(conn).await.map_err(db)?.id;
    writer.delete_all_documents()?;
    let count = items::build_all(conn, index, writer, progress).await?;
    index.commit(writer, head)?;
    writer.garbage_collect_files().await?;
    Ok(count)
}

/// What a batch of events touches, each thing once.
#[derive(Debug, Default)]
struct Touched {
    spaces: BTreeSet<String>,
    documents: BTreeSet<String>,
    threads: BTreeSet<i64>,
    asks: BTreeSet<i64>,
    /// Team slug, member and period date of answered check-ins.
    checkins: BTreeSet<(String, i64, String)>,
}

impl Touched {
    fn note(&mut self, event: &Event) {
        for thing in named_by(event) {
            match thing {
                // Who may see a space is read at query time; only a space's own change (its
                // name, its visibility) re-indexes what is in it.
                Named::Space(slug) if event.kind == "space.updated" => {
                    self.spaces.insert(slug);
                }
                Named::Document(slug) => {
                    self.documents.insert(slug);
                }
                Named::Thread(id) => {
                    self.threads.insert(id);
                }
                Named::Space(_) | Named::Meeting(_) => {}
            }
        }
        if event.kind.starts_with("ask.")
            && let Some(id) = serde_json::from_str::<serde_json::Value>(&event.payload)
                .ok()
                .and_then(|p| p.get("ask").and_then(serde_json::Value::as_i64))
        {
            self.asks.insert(id);
        }
        if let Some(checkin) = answered_checkin(event) {
            self.checkins.insert(checkin);
        }
    }
}

/// The check-in a `checkin.answered` event is about: the team and period in its payload,
/// and its actor, who answers only their own check-in.
fn answered_checkin(event: &Event) -> Option<(String, i64, String)> {
    if event.kind != "checkin.answered" {
        return None;
    }
    let payload: serde_json::Value = serde_json::from_str(&event.payload).ok()?;
    let text = |key: &str| payload.get(key)?.as_str().map(str::to_owned);
    Some((text("team")?, event.actor_id?, text("period")?))
}

async fn apply(
    conn: &mut AnyConnection,
    writer: &IndexWriter,
    index: &SearchIndex,
    events: &[Event],
) -> anyhow::Result<()> {
    let mut touched = Touched::default();
    for event in events {
        touched.note(event);
    }
    let f = &index.fields;
    for slug in &touched.spaces {
        items::space(conn, writer, f, slug).await?;
    }
    for slug in &touched.documents {
        items::document_by_slug(conn, writer, f, slug).await?;
    }
    for id in &touched.threads {
        items::thread(conn, writer, f, *id).await?;
    }
    for id in &touched.asks {
        items::ask(conn, writer, f, *id).await?;
    }
    for (team, member, period) in &touched.checkins {
        items::checkin(conn, writer, f, (team, *member, period)).await?;
    }
    Ok(())
}

/// Catches up every [`POLL`] until `stop` turns true; the server runs it beside the HTTP
/// listener. A failure is logged and tried again at the next tick.
pub async fn tail(app: App, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(err) = catch_up(&app).await {
            tracing::error!(error = %format!("{err:#}"), "the search index could not catch up");
        }
        tokio::select! {
            () = tokio::time::sleep(POLL) => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
    }
}
