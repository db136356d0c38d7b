//! The first free numbered slug (`design`, `design-2`, …), shared by documents, spaces and
//! teams, whose slugs are derived from a title or name the user did not think of as an address.
//!
//! The search is a small state machine rather than a function taking an async lookup: each
//! area asks its own store whether a slug is taken, and the handler futures stay `Send`
//! (async closures over a borrowed connection do not, yet).

use super::OpError;
use crate::store::StoreError;
use longhand_domain::names::Slug;

/// The search for a free slug, one lookup at a time.
///
/// There is no upper bound on the number. Instead of trying `-2`, `-3`, … one by one, the
/// search doubles until it meets a free number and then halves between the last taken and
/// the first free one, keeping "low is taken, high is free": O(log n) lookups on the unique
/// index even when hundreds of rows share a name. With gaps (a document titled `Plan 3` took
/// `plan-3`) it lands on some free number, which is all a slug needs.
#[derive(Debug)]
pub(crate) struct FreeSlug {
    base: Slug,
    /// The highest number known taken; 0 while nothing is known.
    low: u64,
    /// The lowest number known free (1 is the base slug itself).
    high: Option<u64>,
}

/// What the search needs next.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Is this slug taken? Answer with [`FreeSlug::answer`].
    LookUp(Slug),
    /// This slug is free: use it.
    Free(Slug),
}

impl FreeSlug {
    pub(crate) fn new(base: Slug) -> FreeSlug {
        FreeSlug {
            base,
            low: 0,
            high: None,
        }
    }

    fn number(&self) -> Result<u64, u64> {
        match self.high {
            None if self.low == 0 => Ok(1),
            None => Ok(self.low.saturating_mul(2)),
            Some(high) if high - self.low > 1 => Ok(self.low + (high - self.low) / 2),
            Some(high) => Err(high),
        }
    }

    pub(crate) fn next(&self) -> Next {
        match self.number() {
            Ok(n) => Next::LookUp(self.base.numbered(n)),
            Err(free) => Next::Free(self.base.numbered(free)),
        }
    }

    /// Whether the slug last given by [`FreeSlug::next`] is taken.
    pub(crate) fn answer(&mut self, taken: bool) {
        if let Ok(n) = self.number() {
            if taken {
                self.low = n;
            } else {
                self.high = Some(n);
            }
        }
    }
}

/// Maps the insert's unique-slug conflict to a message naming the slug and what to do next.
/// A derived slug reaches this only when another request took the same number between the
/// search and the insert (PostgreSQL runs them concurrently); trying again numbers past it.
pub(crate) fn clash(what: &'static str, slug: &Slug) -> impl FnOnce(StoreError) -> OpError {
    move |err| match err {
        StoreError::Conflict(_) => OpError::Conflict(format!(
            "the {what} slug \"{slug}\" is already taken; choose another slug, or leave it empty to number one from the name"
        )),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The slug found when `taken` numbers of `plan` are used (1 is `plan` itself).
    fn check(taken: &[u64], expect: &str) {
        let base = Slug::parse("plan").unwrap();
        let used: HashSet<String> = taken
            .iter()
            .map(|n| base.numbered(*n).as_str().to_owned())
            .collect();
        let mut search = FreeSlug::new(base);
        let found = loop {
            match search.next() {
                Next::LookUp(slug) => search.answer(used.contains(slug.as_str())),
                Next::Free(slug) => break slug,
            }
        };
        assert_eq!(found.as_str(), expect, "taken: {taken:?}");
    }

    #[test]
    fn numbers_past_the_taken_ones_without_a_cap() {
        check(&[], "plan");
        check(&[1], "plan-2");
        check(&[1, 2], "plan-3");
        check(&[1, 2, 3, 4], "plan-5");
        let many: Vec<u64> = (1..=300).collect();
        check(&many, "plan-301");
        check(&[2], "plan");
    }
}
