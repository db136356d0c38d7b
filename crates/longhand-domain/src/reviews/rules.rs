//! The decision rules (DESIGN.md §1 rule 4): once the window closes, who may decide what.
//!
//! - A **reversible** decision goes ahead unless a blocking objection stands: the owner may
//!   accept it once the window has closed and nobody objects.
//! - An **irreversible** one (the categories the team's charter lists; by default financial,
//!   compliance, regulatory) needs the consent of every required decider — approve or approve
//!   with comments; abstaining is not consent — and no standing objection.
//! - A tie among the deciders, or a standing objection, on a reversible decision goes to the
//!   team's DRI, whose tie-break (accept or reject, with a reason) is recorded and then binds
//!   the owner.
//! - An open question waits for its answer up to its deadline (48 business hours); after that
//!   the owner decides on what is known.
//! - Rejecting needs no one's consent, but waits for the window and for open questions like
//!   accepting does, and follows a tie-break.

use jiff::Timestamp;

use super::{ReviewError, Role, RoundState, Verdict};

/// What kind of decision a round leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reversibility {
    Reversible,
    Irreversible,
}

impl Reversibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Reversibility::Reversible => "reversible",
            Reversibility::Irreversible => "irreversible",
        }
    }

    pub fn parse(raw: &str) -> Option<Reversibility> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "reversible" => Some(Reversibility::Reversible),
            "irreversible" => Some(Reversibility::Irreversible),
            _ => None,
        }
    }
}

/// A round's reversibility and the category behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stakes {
    pub reversibility: Reversibility,
    pub category: Option<String>,
}

/// The longest category name.
const MAX_CATEGORY_CHARS: usize = 60;

/// Decides a round's reversibility from what the owner said and the charter's irreversible
/// categories: a listed category makes the decision irreversible whatever else was said
/// (calling it reversible is refused), and an irreversible decision names its category.
pub fn stakes(
    asked: Option<Reversibility>,
    category: Option<&str>,
    irreversible: &[String],
) -> Result<Stakes, ReviewError> {
    let category = category.map(check_category).transpose()?;
    let listed = category
        .as_ref()
        .is_some_and(|c| irreversible.iter().any(|i| i == c));
    let reversibility = match (asked, &category) {
        (Some(Reversibility::Reversible), Some(category)) if listed => {
            return Err(ReviewError::CategoryIrreversible {
                category: category.clone(),
            });
        }
        (Some(Reversibility::Irreversible), None) => {
            return Err(ReviewError::CategoryNeeded {
                listed: irreversible.to_vec(),
            });
        }
        (Some(Reversibility::Irreversible), Some(_)) => Reversibility::Irreversible,
        (None, Some(_)) if listed => Reversibility::Irreversible,
        _ => Reversibility::Reversible,
    };
    Ok(Stakes {
        reversibility,
        category,
    })
}

fn check_category(raw: &str) -> Result<String, ReviewError> {
    let category = raw.trim().to_lowercase();
    if category.is_empty()
        || category.chars().count() > MAX_CATEGORY_CHARS
        || category.chars().any(char::is_control)
    {
        return Err(ReviewError::BadCategory(format!(
            "a decision's category is one line of at most {MAX_CATEGORY_CHARS} characters, such as financial or compliance"
        )));
    }
    Ok(category)
}

/// How a round was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Accepted,
    Rejected,
}

impl Outcome {
    /// The decision record's status.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Rejected => "rejected",
        }
    }

    /// Reads `accepted`/`accept` or `rejected`/`reject`.
    pub fn parse(raw: &str) -> Option<Outcome> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "accepted" | "accept" => Some(Outcome::Accepted),
            "rejected" | "reject" => Some(Outcome::Rejected),
            _ => None,
        }
    }
}

/// One participant's answer, as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub handle: String,
    pub role: Role,
    pub verdict: Option<Verdict>,
}

/// What the rules know about a round at `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts<'a> {
    pub state: RoundState,
    pub reversibility: Reversibility,
    pub answers: &'a [Answer],
    /// The DRI's tie-break, once recorded.
    pub tie_break: Option<Outcome>,
    /// Deadlines of the open questions still unanswered.
    pub open_questions: &'a [Timestamp],
    pub now: Timestamp,
}

/// Why a decision cannot be made yet, or not that way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// The round is open (the window runs), or already decided or revised.
    NotClosed(RoundState),
    /// Open questions are unanswered and not yet due; the last falls due `until`.
    QuestionsOpen { count: usize, until: Timestamp },
    /// Blocking objections stand, by these people; `dri` when the team's DRI may break them
    /// (a reversible decision).
    Objection { by: Vec<String>, dri: bool },
    /// The deciders are split evenly.
    Tie { each: usize },
    /// The DRI broke the tie the other way.
    TieBrokenOtherWay(Outcome),
    /// An irreversible decision lacks these deciders' consent.
    NoConsent { missing: Vec<String> },
}

impl Blocked {
    /// Why, in a sentence for the owner. Instants are left to the caller, who writes them in
    /// the reader's zone.
    pub fn reason(&self) -> String {
        match self {
            Blocked::NotClosed(RoundState::Open) => {
                "the review window is still open; decide once it closes".to_owned()
            }
            Blocked::NotClosed(state) => {
                format!("this round is {} already", state.as_str())
            }
            Blocked::QuestionsOpen { count, .. } => format!(
                "{count} open question{} still wait{} for an answer; answer {}, or decide on what is known once {} due",
                plural(*count),
                if *count == 1 { "s" } else { "" },
                if *count == 1 { "it" } else { "them" },
                if *count == 1 { "it falls" } else { "they fall" }
            ),
            Blocked::Objection { by, dri: true } => format!(
                "a blocking objection stands (by {}); revise the proposal, or ask the team's DRI to break the tie",
                handles(by)
            ),
            Blocked::Objection { by, dri: false } => format!(
                "a blocking objection stands (by {}); an irreversible decision has no tie-break, so revise the proposal or reopen the round for the objection to be withdrawn",
                handles(by)
            ),
            Blocked::Tie { each } => {
                format!("the deciders are split {each} to {each}; the team's DRI breaks the tie")
            }
            Blocked::TieBrokenOtherWay(outcome) => format!(
                "the team's DRI broke the tie: the proposal is {}",
                outcome.as_str()
            ),
            Blocked::NoConsent { missing } => format!(
                "an irreversible decision needs the consent of every decider; still missing: {}",
                handles(missing)
            ),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn handles(list: &[String]) -> String {
    let at: Vec<String> = list.iter().map(|h| format!("@{h}")).collect();
    at.join(", ")
}

/// Why a reversible decision goes to the team's DRI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TieReason {
    Tie { each: usize },
    Objection { by: Vec<String> },
}

/// Whether the owner may decide the round with `outcome` now.
///
/// # Example
///
/// ```
/// use longhand_domain::reviews::{Answer, Facts, Outcome, Reversibility, Role, RoundState, Verdict, decide};
///
/// let answers = [Answer { handle: "ben".into(), role: Role::Reviewer, verdict: Some(Verdict::Object) }];
/// let facts = Facts { state: RoundState::Closed, reversibility: Reversibility::Reversible,
///     answers: &answers, tie_break: None, open_questions: &[], now: jiff::Timestamp::UNIX_EPOCH };
/// assert!(decide(&facts, Outcome::Accepted).is_err());
/// assert!(decide(&facts, Outcome::Rejected).is_ok());
/// ```
pub fn decide(facts: &Facts<'_>, outcome: Outcome) -> Result<(), Blocked> {
    if facts.state != RoundState::Closed {
        return Err(Blocked::NotClosed(facts.state));
    }
    questions_settled(facts)?;
    match facts.tie_break {
        Some(broken) if broken != outcome => return Err(Blocked::TieBrokenOtherWay(broken)),
        Some(_) => return Ok(()),
        None => {}
    }
    if outcome == Outcome::Rejected {
        return Ok(());
    }
    if facts.reversibility == Reversibility::Irreversible {
        let by = objectors(facts.answers);
        if !by.is_empty() {
            return Err(Blocked::Objection { by, dri: false });
        }
        return consent(facts);
    }
    match contest(facts) {
        Some(TieReason::Tie { each }) => Err(Blocked::Tie { each }),
        Some(TieReason::Objection { by }) => Err(Blocked::Objection { by, dri: true }),
        None => Ok(()),
    }
}

/// Unanswered questions block until the last of their deadlines.
fn questions_settled(facts: &Facts<'_>) -> Result<(), Blocked> {
    let pending: Vec<Timestamp> = facts
        .open_questions
        .iter()
        .copied()
        .filter(|deadline| *deadline > facts.now)
        .collect();
    match pending.iter().max() {
        Some(until) => Err(Blocked::QuestionsOpen {
            count: pending.len(),
            until: *until,
        }),
        None => Ok(()),
    }
}

/// The people whose answers decide: the deciders, or every participant when none is named
/// (then the owner decides alone, on everyone's answers).
fn deciding(answers: &[Answer]) -> Vec<&Answer> {
    let deciders: Vec<&Answer> = answers.iter().filter(|a| a.role == Role::Decider).collect();
    if deciders.is_empty() {
        answers.iter().collect()
    } else {
        deciders
    }
}

/// A tie among the deciding answers, or a standing objection by anyone.
fn contest(facts: &Facts<'_>) -> Option<TieReason> {
    let deciding = deciding(facts.answers);
    let count = |pred: fn(Verdict) -> bool| {
        deciding
            .iter()
            .filter(|a| a.verdict.is_some_and(pred))
            .count()
    };
    let (for_, against) = (count(Verdict::consents), count(|v| v == Verdict::Object));
    if for_ > 0 && for_ == against {
        return Some(TieReason::Tie { each: for_ });
    }
    let by = objectors(facts.answers);
    (!by.is_empty()).then_some(TieReason::Objection { by })
}

/// Everyone whose verdict is a blocking objection.
fn objectors(answers: &[Answer]) -> Vec<String> {
    answers
        .iter()
        .filter(|a| a.verdict == Some(Verdict::Object))
        .map(|a| a.handle.clone())
        .collect()
}

/// Every named decider consents.
fn consent(facts: &Facts<'_>) -> Result<(), Blocked> {
    let missing: Vec<String> = facts
        .answers
        .iter()
        .filter(|a| a.role == Role::Decider && !a.verdict.is_some_and(Verdict::consents))
        .map(|a| a.handle.clone())
        .collect();
    match missing.is_empty() {
        true => Ok(()),
        false => Err(Blocked::NoConsent { missing }),
    }
}

/// Whether the round needs the team's DRI: a closed, reversible round with a tie or a
/// standing objection and no tie-break yet. An irreversible decision has no tie-break: it
/// needs consent, which nobody can give on the deciders' behalf.
pub fn tie_break_needed(facts: &Facts<'_>) -> Option<TieReason> {
    let open_to_it = facts.state == RoundState::Closed
        && facts.reversibility == Reversibility::Reversible
        && facts.tie_break.is_none();
    if !open_to_it {
        return None;
    }
    contest(facts)
}

/// Who is still awaited before the owner may close the window early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub missing: Vec<String>,
}

/// A window may close early once everyone whose answer decides it has answered: every
/// required decider, or — when no decider is named and the owner decides alone — every
/// reviewer.
pub fn may_close_early(answers: &[Answer]) -> Result<(), Waiting> {
    let missing: Vec<String> = deciding(answers)
        .into_iter()
        .filter(|a| a.verdict.is_none())
        .map(|a| a.handle.clone())
        .collect();
    match missing.is_empty() {
        true => Ok(()),
        false => Err(Waiting { missing }),
    }
}
