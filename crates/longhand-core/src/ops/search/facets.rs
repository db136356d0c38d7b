//! Counting matches by kind and home space in one pass, for the facets and the total.
//!
//! The collector runs on the query *with* the permission filter, so a count never includes
//! an item the searcher could not open; it reads the two fast fields per match and nothing
//! else.

use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Matches counted per (kind code, space id).
pub(crate) type Counts = HashMap<(u64, u64), u64>;

/// Counts matches per (kind, space).
#[derive(Debug, Clone, Copy)]
pub(crate) struct KindSpaceCounts;

pub(crate) struct SegmentCounts {
    kind: Column<u64>,
    space: Column<u64>,
    counts: Counts,
}

impl Collector for KindSpaceCounts {
    type Fruit = Counts;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        Ok(SegmentCounts {
            kind: reader.fast_fields().u64("kind")?,
            space: reader.fast_fields().u64("space")?,
            counts: Counts::new(),
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

impl SegmentCollector for SegmentCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let key = (
            self.kind.first(doc).unwrap_or(0),
            self.space.first(doc).unwrap_or(0),
        );
        *self.counts.entry(key).or_default() += 1;
    }

    fn harvest(self) -> Counts {
        self.counts
    }
}
