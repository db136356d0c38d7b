//! The ConveRel quadrants (DESIGN.md §2.6): conveyance vs convergence × strong vs weak
//! relationship, and the recommendation each quadrant carries.
//!
//! Relationship strength comes from a "shared tenure" signal between 0 and 1: by default the
//! fraction of a series' participant pairs who share a team or a written history (see
//! [`relationship_fraction`]),
//! or a value the caller precomputed per series. At [`STRONG_SHARED_TENURE`] or above the
//! relationship is strong; below it, or when nothing is known, it is weak, because a meeting
//! among people who have no known history together is exactly where replacing it with writing
//! is riskiest.
//!
//! Hours recovered, per occurrence and participant:
//! - replace with a written update: the whole meeting;
//! - keep short, and meet only for the last step: everything beyond [`SHORT_MEETING_MINUTES`]
//!   (the shorter of the meeting gate's 25 and 50-minute lengths);
//! - keep: nothing.

use super::purpose::Purpose;

/// The shared-tenure fraction at or above which a relationship counts as strong.
pub const STRONG_SHARED_TENURE: f64 = 0.5;
/// The length a meeting kept short, or reduced to its last step, is allowed.
pub const SHORT_MEETING_MINUTES: i64 = 25;

/// How well the participants know each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Strength {
    Strong,
    Weak,
}

impl Strength {
    /// Strong at or above [`STRONG_SHARED_TENURE`]; weak below it or when unknown.
    pub fn from_shared_tenure(shared: Option<f64>) -> Strength {
        match shared {
            Some(share) if share >= STRONG_SHARED_TENURE => Strength::Strong,
            _ => Strength::Weak,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Strength::Strong => "strong",
            Strength::Weak => "weak",
        }
    }
}

/// Where a series sits on the ConveRel quadrants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quadrant {
    ConveyanceStrong,
    ConveyanceWeak,
    ConvergenceWeak,
    ConvergenceStrong,
    /// Relationship meetings exist to build the relationship: strong by purpose, kept.
    Relationship,
}

/// What to do with a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Recommendation {
    ReplaceWithWrittenUpdate,
    KeepShort,
    KeepMeeting,
    CollectInputsAsync,
    KeepRelationship,
}

impl Quadrant {
    /// The quadrant of a purpose at a relationship strength.
    pub fn place(purpose: Purpose, strength: Strength) -> Quadrant {
        match (purpose, strength) {
            (Purpose::Relationship, _) => Quadrant::Relationship,
            (Purpose::Update, Strength::Strong) => Quadrant::ConveyanceStrong,
            (Purpose::Update, Strength::Weak) => Quadrant::ConveyanceWeak,
            (_, Strength::Strong) => Quadrant::ConvergenceStrong,
            (_, Strength::Weak) => Quadrant::ConvergenceWeak,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Quadrant::ConveyanceStrong => "conveyance + strong relationship",
            Quadrant::ConveyanceWeak => "conveyance + weak relationship",
            Quadrant::ConvergenceWeak => "convergence + weak relationship",
            Quadrant::ConvergenceStrong => "convergence + strong relationship",
            Quadrant::Relationship => "strong relationship (relationship meeting)",
        }
    }

    /// The recommendation of DESIGN.md §2.6 for this quadrant.
    pub fn recommendation(&self) -> Recommendation {
        match self {
            Quadrant::ConveyanceStrong => Recommendation::ReplaceWithWrittenUpdate,
            Quadrant::ConveyanceWeak => Recommendation::KeepShort,
            Quadrant::ConvergenceWeak => Recommendation::KeepMeeting,
            Quadrant::ConvergenceStrong => Recommendation::CollectInputsAsync,
            Quadrant::Relationship => Recommendation::KeepRelationship,
        }
    }
}

impl Recommendation {
    pub fn label(&self) -> &'static str {
        match self {
            Recommendation::ReplaceWithWrittenUpdate => "replace with a written update or check-in",
            Recommendation::KeepShort => "keep short for now, replace as the relationship grows",
            Recommendation::KeepMeeting => "keep the meeting",
            Recommendation::CollectInputsAsync => {
                "collect inputs async, meet only for the last step"
            }
            Recommendation::KeepRelationship => "keep: it builds the relationship",
        }
    }

    /// The seconds one participant gets back from one occurrence lasting `seconds`.
    pub(crate) fn recovered(&self, seconds: i64) -> i64 {
        let beyond_short = (seconds - SHORT_MEETING_MINUTES * 60).max(0);
        match self {
            Recommendation::ReplaceWithWrittenUpdate => seconds,
            Recommendation::KeepShort | Recommendation::CollectInputsAsync => beyond_short,
            Recommendation::KeepMeeting | Recommendation::KeepRelationship => 0,
        }
    }
}

/// The fraction of participant pairs who share at least one team, or `None` when no
/// participant's teams are known. Participants without known teams share none.
pub fn shared_team_fraction<'a>(
    participants: &[&str],
    teams_of: impl Fn(&str) -> Option<&'a [String]>,
) -> Option<f64> {
    relationship_fraction(participants, teams_of, |_, _| false)
}

/// The fraction of participant pairs who know each other: they share a team, or
/// `worked_together(a, b)` says they have a written history (the same threads). `None` when
/// nothing is known about anyone (no teams and no history), or fewer than two people came.
pub fn relationship_fraction<'a>(
    participants: &[&str],
    teams_of: impl Fn(&str) -> Option<&'a [String]>,
    worked_together: impl Fn(&str, &str) -> bool,
) -> Option<f64> {
    let teams: Vec<Option<&[String]>> = participants.iter().map(|p| teams_of(p)).collect();
    if participants.len() < 2 {
        return None;
    }
    let (mut pairs, mut known, mut any_history) = (0u32, 0u32, false);
    for (i, a) in teams.iter().enumerate() {
        for (j, b) in teams.iter().enumerate().skip(i + 1) {
            pairs += 1;
            let team = matches!((a, b), (Some(a), Some(b)) if a.iter().any(|t| b.contains(t)));
            let history = worked_together(participants[i], participants[j]);
            any_history |= history;
            known += u32::from(team || history);
        }
    }
    let no_teams = teams.iter().all(|t| t.is_none_or(|t| t.is_empty()));
    if no_teams && !any_history {
        return None;
    }
    Some(f64::from(known) / f64::from(pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_history_counts_like_a_shared_team() {
        let no_teams = |_: &str| -> Option<&[String]> { None };
        let together = |a: &str, b: &str| (a, b) == ("ana@x", "ben@x");
        let people = ["ana@x", "ben@x"];
        assert_eq!(
            relationship_fraction(&people, no_teams, together),
            Some(1.0)
        );
        assert_eq!(relationship_fraction(&people, no_teams, |_, _| false), None);
        let three = ["ana@x", "ben@x", "cy@x"];
        let share = relationship_fraction(&three, no_teams, together).unwrap();
        assert!((share - 1.0 / 3.0).abs() < 1e-9, "{share}");
    }

    #[test]
    fn quadrants_and_recommendations() {
        use Purpose::*;
        use Strength::*;
        let cases = [
            (
                Update,
                Strong,
                Recommendation::ReplaceWithWrittenUpdate,
                1800,
                1800,
            ),
            (Update, Weak, Recommendation::KeepShort, 1800, 300),
            (Decision, Weak, Recommendation::KeepMeeting, 3600, 0),
            (
                WorkSession,
                Strong,
                Recommendation::CollectInputsAsync,
                3600,
                2100,
            ),
            (Decision, Strong, Recommendation::CollectInputsAsync, 900, 0),
            (
                Relationship,
                Weak,
                Recommendation::KeepRelationship,
                1800,
                0,
            ),
        ];
        for (purpose, strength, expect, seconds, recovered) in cases {
            let rec = Quadrant::place(purpose, strength).recommendation();
            assert_eq!(rec, expect, "{purpose:?} {strength:?}");
            assert_eq!(
                rec.recovered(seconds),
                recovered,
                "{purpose:?} {strength:?}"
            );
        }
    }

    #[test]
    fn shared_tenure_from_teams() {
        let core = vec!["core".to_owned()];
        let web = vec!["web".to_owned(), "core".to_owned()];
        let ops = vec!["ops".to_owned()];
        let lookup = |p: &str| match p {
            "a" => Some(core.as_slice()),
            "b" => Some(web.as_slice()),
            "c" => Some(ops.as_slice()),
            _ => None,
        };
        // Pairs a-b share "core"; a-c, b-c and every pair with x share nothing: 1 of 6.
        assert_eq!(
            shared_team_fraction(&["a", "b", "c", "x"], lookup),
            Some(1.0 / 6.0)
        );
        assert_eq!(shared_team_fraction(&["a", "b"], lookup), Some(1.0));
        assert_eq!(shared_team_fraction(&["x", "y"], lookup), None);
        assert_eq!(Strength::from_shared_tenure(None), Strength::Weak);
        assert_eq!(Strength::from_shared_tenure(Some(0.5)), Strength::Strong);
    }
}
