//! Counting matches by kind and home space in one pass, for the facets and the total.
//!
//! The collector runs on the query *with* the permission filter, so a count never includes
//! an item the searcher could not open; it reads the two fast fields per match and nothing
//! else.

use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, ColumnIndex, ColumnValues};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Matches counted per (kind code, space id).
pub(crate) type Counts = HashMap<(u64, u64), u64>;

/// Counts matches per (kind, space).
#[derive(Debug, Clone, Copy)]
pub(crate) struct KindSpaceCounts;

/// Kind codes fit in this many slots per space (there are fewer hit kinds).
const KINDS: usize = 16;
/// Spaces with ids below this are counted in a dense table; others in a map.
const DENSE_SPACES: u64 = 1 << 16;

/// One segment's counts. A common word matches a large share of the index and every match
/// is counted, so this runs once per match: both values are read straight from the columns
/// when every entry has one (as every entry has a kind and a space), and counted in a flat
/// table indexed by space and kind rather than a hashed map.
pub(crate) struct SegmentCounts {
    kind: Column<u64>,
    space: Column<u64>,
    full: bool,
    dense: Vec<u64>,
    sparse: Counts,
}

impl Collector for KindSpaceCounts {
    type Fruit = Counts;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let kind = reader.fast_fields().u64("kind")?;
        let space = reader.fast_fields().u64("space")?;
        let full =
            matches!(kind.index, ColumnIndex::Full) && matches!(space.index, ColumnIndex::Full);
        Ok(SegmentCounts {
            kind,
            space,
            full,
            dense: Vec::new(),
            sparse: Counts::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::new();
        for fruit in fruits {
            for (key, n) in fruit {
                *all.entry(key).or_default() += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCounts {
    fn values(&self, doc: DocId) -> (u64, u64) {
        if self.full {
            (
                self.kind.values.get_val(doc),
                self.space.values.get_val(doc),
            )
        } else {
            (
                self.kind.first(doc).unwrap_or(0),
                self.space.first(doc).unwrap_or(0),
            )
        }
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let (kind, space) = self.values(doc);
        if kind < KINDS as u64 && space < DENSE_SPACES {
            let slot = space as usize * KINDS + kind as usize;
            if slot >= self.dense.len() {
                self.dense.resize((slot + 1).next_power_of_two(), 0);
            }
            self.dense[slot] += 1;
        } else {
            *self.sparse.entry((kind, space)).or_default() += 1;
        }
    }

    fn harvest(self) -> Counts {
        let mut counts = self.sparse;
        for (slot, &n) in self.dense.iter().enumerate() {
            if n > 0 {
                let key = ((slot % KINDS) as u64, (slot / KINDS) as u64);
                *counts.entry(key).or_default() += n;
            }
        }
        counts
    }
}
