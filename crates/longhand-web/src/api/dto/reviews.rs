//! Review rounds, verdicts, open questions, the synthesis and publishing, on the wire.

use super::instant;
use super::planned_meetings::DocLinkDto;
use super::sync::SyncDto;
use longhand_core::ops::reviews::{
    DocLink, DocReview, Published, RoundView, Synthesis, blocked_reason,
};
use longhand_domain::reviews::{Blocked, Draft, TieReason};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A request to open a round (or, for `revise`, the next one). Anything left out comes from
/// the document's `reviewers` and `deciders` fields (the previous round's when revising) and
/// the team's charter.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenRoundDto {
    /// Handles or `team:slug` (everyone active in the team).
    #[schema(example = json!(["ana", "team:core"]))]
    pub reviewers: Option<Vec<String>>,
    /// Handles or `team:slug`; an empty list means the owner decides alone.
    pub deciders: Option<Vec<String>>,
    /// Business days or hours on the team's calendar: `3d`, `36h`. The charter's default
    /// (3 business days unless it says otherwise) when left out.
    #[schema(example = "3d")]
    pub window: Option<String>,
    /// `reversible` or `irreversible`.
    pub reversibility: Option<String>,
    /// The decision's category; one the charter lists (financial, compliance, regulatory by
    /// default) makes the decision irreversible.
    pub category: Option<String>,
}

/// A verdict.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerdictDto {
    /// `approve`, `approve_with_comments`, `object` or `abstain`.
    #[schema(example = "approve")]
    pub verdict: String,
    /// Required for `object`: what would have to change. A comment otherwise.
    #[serde(default)]
    pub reason: String,
}

/// Reopening a closed round.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenDto {
    /// A new window from now; the round's own when left out.
    pub window: Option<String>,
}

/// An open question.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuestionDto {
    pub question: String,
}

/// An answer to an open question.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerDto {
    pub answer: String,
}

/// The team DRI's tie-break.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TieBreakDto {
    /// `accepted` or `rejected`.
    #[schema(example = "accepted")]
    pub outcome: String,
    pub reason: String,
}

/// Publishing a round's decision record; every section left out comes from the synthesis's
/// draft.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishDto {
    /// `accepted` or `rejected`; the outcome the rules allow when left out.
    pub outcome: Option<String>,
    pub title: Option<String>,
    pub context: Option<String>,
    pub options: Option<String>,
    pub decision: Option<String>,
    pub rationale: Option<String>,
    pub consequences: Option<String>,
    /// YYYY-MM-DD; six months ahead when left out.
    pub review_date: Option<String>,
    /// The slug of a decision record this one replaces.
    pub supersedes: Option<String>,
}

/// Someone asked in a round.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantDto {
    pub handle: String,
    pub name: String,
    /// `reviewer` or `decider`.
    pub role: String,
    /// The team named when they were asked as part of it.
    pub via_team: Option<String>,
    /// Their review ask.
    pub ask: Option<i64>,
    /// `approve`, `approve_with_comments`, `object`, `abstain`; absent until they answer.
    pub verdict: Option<String>,
    pub reason: Option<String>,
    pub answered_at: Option<String>,
}

/// A question raised during a round.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionDto {
    pub id: i64,
    pub question: String,
    pub raised_by: String,
    pub raised_at: String,
    /// 48 business hours after it was raised; then the owner decides on what is known.
    pub deadline: String,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<String>,
    /// When the deadline passed unanswered (and the owner was asked to decide).
    pub expired_at: Option<String>,
}

/// The DRI's tie-break.
#[derive(Debug, Serialize, ToSchema)]
pub struct TieBreakOutDto {
    pub dri: String,
    pub outcome: String,
    pub reason: String,
    pub at: String,
}

/// Whether an outcome may be published now.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleDto {
    pub allowed: bool,
    /// Why not, when it is not.
    pub reason: Option<String>,
}

fn rule(blocked: &Option<Blocked>, zone: &jiff::tz::TimeZone) -> RuleDto {
    RuleDto {
        allowed: blocked.is_none(),
        reason: blocked.as_ref().map(|b| blocked_reason(b, zone)),
    }
}

/// What the decision rules say about the round now.
#[derive(Debug, Serialize, ToSchema)]
pub struct RulesDto {
    pub accept: RuleDto,
    pub reject: RuleDto,
    /// Why the team's DRI must break a tie (`tie` or `objection`), while they must.
    pub tie_break_needed: Option<String>,
    /// Who deciding has not answered; the window may close early once nobody.
    pub waiting_on: Vec<String>,
}

/// What the caller may do with the round.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundRightsDto {
    pub can_verdict: bool,
    pub can_close: bool,
    pub can_reopen: bool,
    pub can_revise: bool,
    pub can_tie_break: bool,
    pub can_publish: bool,
    pub can_raise_question: bool,
    pub can_answer_questions: bool,
}

/// A review round.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundDto {
    pub document: DocLinkDto,
    pub number: i64,
    /// `open`, `closed`, `decided` or `revised`.
    pub state: String,
    pub owner: String,
    /// The team whose calendar, charter and DRI the round follows.
    pub team: Option<String>,
    pub dri: Option<String>,
    /// As written: `3d`.
    pub window: String,
    /// As read: "3 business days".
    pub window_label: String,
    /// `reversible` or `irreversible`.
    pub reversibility: String,
    pub category: Option<String>,
    pub opened_at: String,
    pub closes_at: String,
    /// When whoever has not answered is reminded; absent for windows of a business day or
    /// less.
    pub closing_soon_at: Option<String>,
    pub closed_at: Option<String>,
    pub closed_early: bool,
    pub decided_at: Option<String>,
    /// `accepted` or `rejected`, once decided.
    pub outcome: Option<String>,
    /// The decision record published from the round.
    pub decision: Option<DocLinkDto>,
    pub participants: Vec<ParticipantDto>,
    pub questions: Vec<QuestionDto>,
    pub tie_break: Option<TieBreakOutDto>,
    pub rules: RulesDto,
    pub rights: RoundRightsDto,
    /// Your own verdict.
    pub my_verdict: Option<String>,
    /// The 15-minute call suggested when the round closed with blocking objections standing
    /// (between the owner and the objectors), and the calls recorded on the round.
    pub sync: SyncDto,
}

fn link(doc: &DocLink) -> DocLinkDto {
    DocLinkDto {
        slug: doc.slug.clone(),
        title: doc.title.clone(),
    }
}

fn tie_reason(reason: &TieReason) -> String {
    match reason {
        TieReason::Tie { .. } => "tie".to_owned(),
        TieReason::Objection { .. } => "objection".to_owned(),
    }
}

impl From<&RoundView> for RoundDto {
    fn from(view: &RoundView) -> RoundDto {
        let r = &view.round;
        let zone = &view.owner_zone;
        RoundDto {
            document: link(&view.document),
            number: r.number,
            state: r.state.as_str().to_owned(),
            owner: r.owner_handle.clone(),
            team: r.team_slug.clone(),
            dri: view.dri.as_ref().map(|(h, _)| h.clone()),
            window: r.window.clone(),
            window_label: view.window_label.clone(),
            reversibility: r.reversibility.as_str().to_owned(),
            category: r.category.clone(),
            opened_at: instant(r.opened_at),
            closes_at: instant(r.closes_at),
            closing_soon_at: r.closing_soon_at.map(instant),
            closed_at: r.closed_at.map(instant),
            closed_early: r.closed_early,
            decided_at: r.decided_at.map(instant),
            outcome: r.outcome.map(|o| o.as_str().to_owned()),
            decision: view.decision.as_ref().map(link),
            participants: view.participants.iter().map(participant).collect(),
            questions: view.questions.iter().map(question).collect(),
            tie_break: view.tie_break.as_ref().map(|t| TieBreakOutDto {
                dri: t.dri_handle.clone(),
                outcome: t.outcome.as_str().to_owned(),
                reason: t.reason.clone(),
                at: instant(t.created_at),
            }),
            rules: RulesDto {
                accept: rule(&view.accept_blocked, zone),
                reject: rule(&view.reject_blocked, zone),
                tie_break_needed: view.tie_break_needed.as_ref().map(tie_reason),
                waiting_on: view.waiting_on.clone(),
            },
            rights: rights(view),
            my_verdict: view.my_verdict.as_ref().map(|(v, _)| v.as_str().to_owned()),
            sync: SyncDto::from(view.sync.clone()),
        }
    }
}

fn rights(view: &RoundView) -> RoundRightsDto {
    let r = view.rights;
    RoundRightsDto {
        can_verdict: r.can_verdict,
        can_close: r.can_close,
        can_reopen: r.can_reopen,
        can_revise: r.can_revise,
        can_tie_break: r.can_tie_break,
        can_publish: r.can_synthesise,
        can_raise_question: r.can_raise_question,
        can_answer_questions: r.can_answer_questions,
    }
}

pub(crate) fn participant(p: &longhand_core::views::reviews::ParticipantRecord) -> ParticipantDto {
    ParticipantDto {
        handle: p.handle.clone(),
        name: p.name.clone(),
        role: p.role.as_str().to_owned(),
        via_team: p.via_team.clone(),
        ask: p.ask_id,
        verdict: p.verdict.map(|v| v.as_str().to_owned()),
        reason: p.reason.clone(),
        answered_at: p.answered_at.map(instant),
    }
}

pub(crate) fn question(q: &longhand_core::views::reviews::QuestionRecord) -> QuestionDto {
    QuestionDto {
        id: q.id,
        question: q.question.clone(),
        raised_by: q.raised_by_handle.clone(),
        raised_at: instant(q.raised_at),
        deadline: instant(q.deadline),
        answer: q.answer.clone(),
        answered_by: q.answered_by_handle.clone(),
        answered_at: q.answered_at.map(instant),
        expired_at: q.expired_at.map(instant),
    }
}

/// The defaults of a new round.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundDefaultsDto {
    pub reviewers: Vec<String>,
    pub deciders: Vec<String>,
    pub window: String,
}

/// A document's review: its rounds, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewDto {
    pub document: DocLinkDto,
    /// Whether you may open a round now (the owner of a proposal with no round pending).
    pub can_open: bool,
    pub defaults: RoundDefaultsDto,
    pub rounds: Vec<RoundDto>,
}

impl From<&DocReview> for ReviewDto {
    fn from(review: &DocReview) -> ReviewDto {
        ReviewDto {
            document: link(&review.document),
            can_open: review.can_open,
            defaults: RoundDefaultsDto {
                reviewers: review.default_reviewers.clone(),
                deciders: review.default_deciders.clone(),
                window: review.default_window.clone(),
            },
            rounds: review.rounds.iter().map(RoundDto::from).collect(),
        }
    }
}

/// A decision record's draft, section by section (Markdown).
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftDto {
    pub title: String,
    pub context: String,
    pub options: String,
    pub decision: String,
    pub rationale: String,
    pub consequences: String,
}

impl From<&Draft> for DraftDto {
    fn from(d: &Draft) -> DraftDto {
        DraftDto {
            title: d.title.clone(),
            context: d.context.clone(),
            options: d.options.clone(),
            decision: d.decision.clone(),
            rationale: d.rationale.clone(),
            consequences: d.consequences.clone(),
        }
    }
}

/// An approval in the synthesis.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalDto {
    pub handle: String,
    pub comment: Option<String>,
}

/// An objection in the synthesis.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectionDto {
    pub handle: String,
    pub reason: String,
}

/// A question and its answer, in the synthesis.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionAnswerDto {
    pub question: String,
    pub answer: Option<String>,
}

/// A thread on the proposal nobody resolved.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadLinkDto {
    pub id: i64,
    pub title: String,
}

/// The synthesis of a closed round: what it produced and a draft decision record.
#[derive(Debug, Serialize, ToSchema)]
pub struct SynthesisDto {
    pub round: RoundDto,
    /// The outcome the rules allow: `accepted` when both are, else `rejected`.
    pub suggested_outcome: String,
    pub draft: DraftDto,
    pub approvals: Vec<ApprovalDto>,
    pub objections: Vec<ObjectionDto>,
    pub abstentions: Vec<String>,
    /// Handles that gave no verdict.
    pub silent: Vec<String>,
    pub open_questions: Vec<QuestionAnswerDto>,
    pub unresolved_threads: Vec<ThreadLinkDto>,
    /// The record's deciders.
    pub deciders: Vec<String>,
    /// The record's date and default review date, YYYY-MM-DD.
    pub date: String,
    pub review_date: String,
}

impl From<&Synthesis> for SynthesisDto {
    fn from(s: &Synthesis) -> SynthesisDto {
        let t = &s.tally;
        SynthesisDto {
            round: RoundDto::from(&s.round),
            suggested_outcome: s.suggested.as_str().to_owned(),
            draft: DraftDto::from(&s.draft),
            approvals: t
                .approvals
                .iter()
                .map(|(h, c)| ApprovalDto {
                    handle: h.clone(),
                    comment: c.clone(),
                })
                .collect(),
            objections: t
                .objections
                .iter()
                .map(|(h, r)| ObjectionDto {
                    handle: h.clone(),
                    reason: r.clone(),
                })
                .collect(),
            abstentions: t.abstentions.clone(),
            silent: t.silent.clone(),
            open_questions: t
                .questions
                .iter()
                .map(|(q, a)| QuestionAnswerDto {
                    question: q.clone(),
                    answer: a.clone(),
                })
                .collect(),
            unresolved_threads: s
                .unresolved
                .iter()
                .map(|(id, title)| ThreadLinkDto {
                    id: *id,
                    title: title.clone(),
                })
                .collect(),
            deciders: s.deciders.clone(),
            date: s.date.to_string(),
            review_date: s.review_date.to_string(),
        }
    }
}

/// A published decision record and the round it decided.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedDto {
    pub record: DocLinkDto,
    pub round: RoundDto,
}

impl From<&Published> for PublishedDto {
    fn from(p: &Published) -> PublishedDto {
        PublishedDto {
            record: link(&p.record),
            round: RoundDto::from(&p.round),
        }
    }
}
