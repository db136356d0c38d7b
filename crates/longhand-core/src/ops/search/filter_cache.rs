//! The permission filter, kept per segment and reader as a bitset.
//!
//! The filter (`query::readable_by`) is a union of a dozen clauses over space ids,
//! classifications and named readers; evaluated inside every search it dominated the time of
//! a query over a large index (each search walked the postings of every space the reader can
//! see). Its answer for one indexed entry depends only on that entry's own fields and on who
//! reads, and a segment's entries never change once written (re-indexing deletes and adds
//! elsewhere), so the answer for a whole segment is computed once per reader and kept.
//!
//! Architecture Invariant: the key holds everything the filter reads about the reader (id,
//! role, visible spaces, member spaces, teams). A change to any of those is a different key,
//! so a kept bitset is never applied to a reader it was not computed for.

use super::query::Viewer;
use longhand_domain::workspace::Role;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TERMINATED};

/// The most bytes of bitsets kept: 1.3M entries take 160 KB per reader, so about a hundred
/// readers' filters at that size.
const BUDGET_BYTES: usize = 16 * 1024 * 1024;

/// Everything the permission filter reads about the reader.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ViewerKey {
    id: i64,
    role: Role,
    visible: Vec<i64>,
    member_of: Vec<i64>,
    teams: Vec<i64>,
}

impl ViewerKey {
    pub(crate) fn of(viewer: &Viewer) -> ViewerKey {
        ViewerKey {
            id: viewer.id,
            role: viewer.role,
            visible: viewer.visible.clone(),
            member_of: viewer.member_of.clone(),
            teams: viewer.teams.clone(),
        }
    }
}

type Slot = (SegmentId, ViewerKey);

/// Kept bitsets, least recently used evicted past the budget.
#[derive(Debug, Default)]
pub(crate) struct FilterCache {
    inner: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    entries: HashMap<Slot, (Arc<BitSet>, u64)>,
    bytes: usize,
    tick: u64,
}

fn size_of(bits: &BitSet) -> usize {
    bits.max_value() as usize / 8 + 64
}

impl FilterCache {
    fn get(&self, slot: &Slot) -> Option<Arc<BitSet>> {
        let mut kept = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        kept.tick += 1;
        let tick = kept.tick;
        let entry = kept.entries.get_mut(slot)?;
        entry.1 = tick;
        Some(Arc::clone(&entry.0))
    }

    fn put(&self, slot: Slot, bits: Arc<BitSet>) {
        let mut kept = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        kept.tick += 1;
        let tick = kept.tick;
        kept.bytes += size_of(&bits);
        if let Some((old, _)) = kept.entries.insert(slot, (bits, tick)) {
            kept.bytes -= size_of(&old);
        }
        while kept.bytes > BUDGET_BYTES && kept.entries.len() > 1 {
            let Some(oldest) = kept
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(slot, _)| slot.clone())
            else {
                break;
            };
            if let Some((gone, _)) = kept.entries.remove(&oldest) {
                kept.bytes -= size_of(&gone);
            }
        }
    }
}

/// A filter query whose per-segment answer is kept in a [`FilterCache`]; it scores nothing.
#[derive(Debug)]
pub(crate) struct Cached {
    pub filter: Box<dyn Query>,
    pub key: ViewerKey,
    pub cache: Arc<FilterCache>,
}

impl Clone for Cached {
    fn clone(&self) -> Cached {
        Cached {
            filter: self.filter.box_clone(),
            key: self.key.clone(),
            cache: Arc::clone(&self.cache),
        }
    }
}

impl Query for Cached {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Cached {
    /// The filter's matches in one segment, deleted entries included (collectors skip
    /// those), from the cache or computed and kept.
    fn bits(&self, reader: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
        let slot = (reader.segment_id(), self.key.clone());
        if let Some(bits) = self.cache.get(&slot) {
            return Ok(bits);
        }
        let weight = self
            .filter
            .weight(EnableScoring::disabled_from_schema(reader.schema()))?;
        let mut scorer = weight.scorer(reader, 1.0)?;
        let mut bits = BitSet::with_max_value(reader.max_doc());
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            bits.insert(doc);
            doc = scorer.advance();
        }
        let bits = Arc::new(bits);
        self.cache.put(slot, Arc::clone(&bits));
        Ok(bits)
    }
}

impl Weight for Cached {
    fn scorer(&self, reader: &SegmentReader, _: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let bits = self.bits(reader)?;
        Ok(Box::new(ConstScorer::new(
            BitSetDocSet::from(BitSet::clone(&bits)),
            0.0,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.bits(reader)?.contains(doc) {
            Ok(Explanation::new("readable by the searcher", 0.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!(
                "entry {doc} is not readable by the searcher"
            )))
        }
    }
}
