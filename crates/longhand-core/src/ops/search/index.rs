//! The tantivy index on disk (or in memory): its schema, opening it (and deciding that it
//! must be rebuilt), and the checkpoint kept in each commit's payload.
//!
//! The index is a derived view of the database, never a source of truth: every process keeps
//! its own under `<data dir>/search/`, and one that is missing, unreadable or of another
//! schema version is thrown away and built again from the tables. What it holds per item is
//! the text and the facts the permission filter needs — never enough to show a hit without
//! the database, which `ops::search` reads again for every hit it returns.

use super::filter_cache::FilterCache;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use tantivy::directory::MmapDirectory;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};
use tokio::sync::Mutex;

/// Bumped whenever the schema or what is indexed changes; an index of another version is
/// rebuilt at start.
/// Version 2 indexes Markdown as plain text and adds check-ins.
pub(crate) const SCHEMA_VERSION: u32 = 2;

/// The writer's memory budget. tantivy's floor is 15 MB per thread; a little over it keeps
/// the server small while a full rebuild still flushes big segments.
const WRITER_BYTES: usize = 40_000_000;

/// The fields of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// `d:12`, `t:7`, `c:33`, `a:5`: which row an entry stands for. Stored.
    pub key: Field,
    /// Deletion groups: `d:12` on a document and everything in its threads, `t:7` on a
    /// thread and its comments, `a:5` on an ask.
    pub group: Field,
    /// The hit kind's code (`HitKind` order). Fast, for facets.
    pub kind: Field,
    /// A document's own kind (`rfc`, `adr`, …).
    pub doc_kind: Field,
    /// The home space's id (0 for asks). Fast, for facets.
    pub space: Field,
    /// The spaces through which it can be reached: home and approved shares.
    pub reach: Field,
    /// `public`, `internal`, `confidential`, `restricted`, or `ask`.
    pub class: Field,
    pub owner: Field,
    /// Named readers; for an ask, the asker and the responder.
    pub reader: Field,
    /// An ask's team.
    pub team: Field,
    pub author: Field,
    pub status: Field,
    /// Microseconds since the epoch of the last change. Fast, for ordering and ranges.
    pub at: Field,
    /// Stemmed, with positions (phrases).
    pub title: Field,
    /// Stemmed, with positions (phrases).
    pub text: Field,
    /// Title and text again, unstemmed, for prefixes and typos.
    pub words: Field,
}

fn text_field(
    builder: &mut tantivy::schema::SchemaBuilder,
    name: &str,
    analyzer: &str,
    positions: bool,
) -> Field {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(analyzer)
        .set_index_option(record);
    builder.add_text_field(name, TextOptions::default().set_indexing_options(indexing))
}

/// The schema and its fields.
pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        key: b.add_text_field("key", STRING | STORED),
        group: b.add_text_field("group", STRING),
        kind: b.add_u64_field("kind", INDEXED | FAST),
        doc_kind: b.add_text_field("doc_kind", STRING),
        space: b.add_u64_field("space", INDEXED | FAST),
        reach: b.add_u64_field("reach", INDEXED),
        class: b.add_text_field("class", STRING),
        owner: b.add_u64_field("owner", INDEXED),
        reader: b.add_u64_field("reader", INDEXED),
        team: b.add_u64_field("team", INDEXED),
        author: b.add_u64_field("author", INDEXED),
        status: b.add_text_field("status", STRING),
        at: b.add_i64_field("at", INDEXED | FAST),
        title: text_field(&mut b, "title", "en_stem", true),
        text: text_field(&mut b, "text", "en_stem", true),
        words: text_field(&mut b, "words", "default", false),
    };
    (b.build(), fields)
}

/// What a commit's payload says: the schema version and the last event applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Checkpoint {
    pub version: u32,
    pub event: i64,
}

impl Checkpoint {
    pub(crate) fn write(self) -> String {
        format!("longhand-search v{} event {}", self.version, self.event)
    }

    pub(crate) fn read(payload: &str) -> Option<Checkpoint> {
        let rest = payload.strip_prefix("longhand-search v")?;
        let (version, event) = rest.split_once(" event ")?;
        Some(Checkpoint {
            version: version.parse().ok()?,
            event: event.parse().ok()?,
        })
    }
}

/// An open index: searched through `reader`, written through `writer` (absent when another
/// process holds the directory's writer lock; then this one only reads).
pub(crate) struct SearchIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub writer: Mutex<Option<IndexWriter>>,
    pub fields: Fields,
    /// The last event the committed index reflects; -1 until it was built.
    checkpoint: AtomicI64,
    pub dir: Option<PathBuf>,
    /// Readers' permission filters per segment (see `filter_cache`).
    pub filters: Arc<FilterCache>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .field("checkpoint", &self.checkpoint())
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in `dir` (in memory when `None`). An index that cannot be opened or
    /// was written by another schema version is emptied; its checkpoint is then -1, which
    /// asks for a full build.
    pub(crate) fn open(dir: Option<&Path>) -> anyhow::Result<SearchIndex> {
        let (schema, fields) = schema();
        let index = match dir {
            None => Index::create_in_ram(schema),
            Some(dir) => open_dir(dir, schema)?,
        };
        let checkpoint = index
            .load_metas()?
            .payload
            .as_deref()
            .and_then(Checkpoint::read)
            .filter(|c| c.version == SCHEMA_VERSION)
            .map_or(-1, |c| c.event);
        let writer = match index.writer_with_num_threads(1, WRITER_BYTES) {
            Ok(writer) => Some(writer),
            Err(tantivy::TantivyError::LockFailure(..)) => None,
            Err(err) => return Err(err.into()),
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            checkpoint: AtomicI64::new(checkpoint),
            dir: dir.map(Path::to_path_buf),
            filters: Arc::default(),
        })
    }

    /// The last event the committed index reflects (-1: not built yet).
    pub(crate) fn checkpoint(&self) -> i64 {
        self.checkpoint.load(Ordering::SeqCst)
    }

    /// Commits what the writer holds with `event` as the checkpoint, and lets searches see it.
    pub(crate) fn commit(&self, writer: &mut IndexWriter, event: i64) -> anyhow::Result<()> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(
            &Checkpoint {
                version: SCHEMA_VERSION,
                event,
            }
            .write(),
        );
        prepared.commit()?;
        self.checkpoint.store(event, Ordering::SeqCst);
        self.reader.reload()?;
        Ok(())
    }

    /// Re-reads the committed state another process wrote (a read-only index follows the
    /// writer's commits this way).
    pub(crate) fn refresh(&self) -> anyhow::Result<()> {
        self.reader.reload()?;
        let event = self
            .index
            .load_metas()?
            .payload
            .as_deref()
            .and_then(Checkpoint::read)
            .filter(|c| c.version == SCHEMA_VERSION)
            .map_or(-1, |c| c.event);
        self.checkpoint.store(event, Ordering::SeqCst);
        Ok(())
    }

    /// The size of the index directory in bytes (0 in memory).
    pub(crate) fn size_bytes(&self) -> u64 {
        let Some(dir) = &self.dir else { return 0 };
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| e.metadata().ok())
                    .filter(std::fs::Metadata::is_file)
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }
}

/// Opens the index in `dir`, or empties the directory and creates a new one when what is
/// there cannot be read or has another schema version.
fn open_dir(dir: &Path, schema: Schema) -> anyhow::Result<Index> {
    std::fs::create_dir_all(dir)?;
    let usable = MmapDirectory::open(dir)
        .ok()
        .and_then(|d| Index::open(d).ok())
        .filter(|index| {
            let version = index
                .load_metas()
                .ok()
                .and_then(|m| m.payload)
                .as_deref()
                .and_then(Checkpoint::read)
                .map(|c| c.version);
            // An index never committed yet (no payload) is kept: it is being built, maybe by
            // another process, and a checkpoint of -1 asks for the build anyway.
            version.is_none_or(|v| v == SCHEMA_VERSION) && index.schema() == schema
        });
    if let Some(index) = usable {
        return Ok(index);
    }
    if std::fs::read_dir(dir)?.next().is_some() {
        tracing::warn!(dir = %dir.display(), "the search index is missing, damaged or of another version; rebuilding it");
    }
    empty_dir(dir)?;
    Ok(Index::create_in_dir(dir, schema)?)
}

/// Removes every file in `dir` (the index keeps no subdirectories).
fn empty_dir(dir: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}
