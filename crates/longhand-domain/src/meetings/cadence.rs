//! How often a series meets, read from the gaps between its occurrences in the window.
//!
//! The median gap decides, so a Monday-to-Friday standup (gaps 1, 1, 1, 1, 3 days) is daily
//! and one skipped week does not turn a weekly meeting into a fortnightly one.

/// How often a series meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cadence {
    /// Only one occurrence in the window.
    Once,
    /// Median gap up to 1.5 days.
    Daily,
    /// Median gap up to 8 days.
    Weekly,
    /// Median gap up to 16 days.
    Biweekly,
    /// Median gap up to 35 days.
    Monthly,
    /// Longer gaps.
    Irregular,
}

impl Cadence {
    /// The lower-case label, e.g. `weekly`.
    pub fn label(&self) -> &'static str {
        match self {
            Cadence::Once => "once in the window",
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
            Cadence::Biweekly => "every two weeks",
            Cadence::Monthly => "monthly",
            Cadence::Irregular => "irregular",
        }
    }

    /// The cadence of occurrences starting at `starts` (UTC seconds, any order).
    pub(crate) fn of(starts: &[i64]) -> Cadence {
        let mut sorted = starts.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut gaps: Vec<i64> = sorted.windows(2).map(|w| w[1] - w[0]).collect();
        let Some(gap) = median(&mut gaps) else {
            return Cadence::Once;
        };
        const HOUR: i64 = 3600;
        match gap {
            g if g <= 36 * HOUR => Cadence::Daily,
            g if g <= 8 * 24 * HOUR => Cadence::Weekly,
            g if g <= 16 * 24 * HOUR => Cadence::Biweekly,
            g if g <= 35 * 24 * HOUR => Cadence::Monthly,
            _ => Cadence::Irregular,
        }
    }
}

/// The lower median, or `None` for an empty list.
pub(crate) fn median<T: Ord + Copy>(values: &mut [T]) -> Option<T> {
    values.sort_unstable();
    values.get(values.len().saturating_sub(1) / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    fn check(days: &[i64], expect: Cadence) {
        let starts: Vec<i64> = days.iter().map(|d| d * DAY).collect();
        assert_eq!(Cadence::of(&starts), expect, "{days:?}");
    }

    #[test]
    fn median_gap_decides() {
        check(&[0], Cadence::Once);
        check(&[0, 1, 2, 3, 4, 7, 8, 9, 10, 11], Cadence::Daily);
        check(&[0, 7, 14, 28], Cadence::Weekly);
        check(&[0, 14, 28], Cadence::Biweekly);
        check(&[0, 28, 56], Cadence::Monthly);
        check(&[0, 90], Cadence::Irregular);
    }
}
