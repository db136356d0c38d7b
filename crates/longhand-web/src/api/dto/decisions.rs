//! The decision log on the wire.

use super::instant;
use super::planned_meetings::DocLinkDto;
use super::reviews::{ParticipantDto, QuestionDto, TieBreakOutDto, participant, question};
use longhand_core::views::decisions::{
    Decision, DecisionDetail, DecisionLink, DecisionPage, DecisionSource, ReviewHistory,
    ReviewedRound,
};
use serde::Serialize;
use utoipa::ToSchema;

/// One decision record, as the log shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionDto {
    pub slug: String,
    pub title: String,
    /// The status as the log reads it: `superseded` when another record supersedes this
    /// accepted one, whichever of the two records states it.
    pub status: String,
    /// The status stored on the record itself.
    pub recorded_status: String,
    /// The decision date, `YYYY-MM-DD`; null when the record states none.
    pub date: Option<String>,
    /// The space's slug.
    pub space: String,
    pub space_name: String,
    /// The owner's handle.
    pub owner: String,
    pub owner_name: String,
    pub intent: String,
    pub classification: String,
    pub deciders: Vec<String>,
    /// `reversible` or `irreversible`; null when not stated.
    pub reversibility: Option<String>,
    /// The irreversible category (`financial`, `compliance`…); null when not stated.
    pub category: Option<String>,
    /// `YYYY-MM-DD`; null when not stated.
    pub review_date: Option<String>,
    /// The records this one replaces, whichever side stated it.
    pub supersedes: Vec<DecisionLinkDto>,
    /// The records that replace this one, whichever side stated it.
    pub superseded_by: Vec<DecisionLinkDto>,
    pub tags: Vec<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
}

/// One end of a supersede relation.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionLinkDto {
    /// The other record's slug; null when the reference names no record you may read.
    pub slug: Option<String>,
    pub title: Option<String>,
    /// The other record's status as the log reads it.
    pub status: Option<String>,
    /// The reference as this record's field writes it; null when only the other record
    /// states the relation.
    pub written: Option<String>,
}

impl From<&DecisionLink> for DecisionLinkDto {
    fn from(link: &DecisionLink) -> DecisionLinkDto {
        DecisionLinkDto {
            slug: link.target.as_ref().map(|t| t.slug.clone()),
            title: link.target.as_ref().map(|t| t.title.clone()),
            status: link.target.as_ref().map(|t| t.status.clone()),
            written: link.written.clone(),
        }
    }
}

impl From<&Decision> for DecisionDto {
    fn from(d: &Decision) -> DecisionDto {
        let doc = &d.doc;
        let links = |links: &[DecisionLink]| links.iter().map(DecisionLinkDto::from).collect();
        DecisionDto {
            slug: doc.slug.clone(),
            title: doc.title.clone(),
            status: d.status.clone(),
            recorded_status: doc.status.clone(),
            date: d.date.map(|date| date.to_string()),
            space: doc.space_slug.clone(),
            space_name: doc.space_name.clone(),
            owner: doc.owner_handle.clone(),
            owner_name: doc.owner_name.clone(),
            intent: doc.intent.clone(),
            classification: doc.classification.as_str().to_owned(),
            deciders: d.deciders.clone(),
            reversibility: d.reversibility.clone(),
            category: d.category.clone(),
            review_date: d.review_date.map(|date| date.to_string()),
            supersedes: links(&d.supersedes),
            superseded_by: links(&d.superseded_by),
            tags: doc.tags.clone(),
            created_at: doc.created_at.to_string(),
            updated_at: doc.updated_at.to_string(),
        }
    }
}

/// A page of the log, newest decision first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionPageDto {
    pub items: Vec<DecisionDto>,
    /// How many decisions match the filters.
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub pages: usize,
}

impl From<&DecisionPage> for DecisionPageDto {
    fn from(page: &DecisionPage) -> DecisionPageDto {
        DecisionPageDto {
            items: page.items.iter().map(DecisionDto::from).collect(),
            total: page.total,
            page: page.page,
            per_page: page.per_page,
            pages: page.pages(),
        }
    }
}

/// Where a decision was made.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionSourceDto {
    /// `proposal`, `thread`, `meeting`, `link` or `text` (words that name no place).
    pub kind: String,
    pub label: String,
    /// A path in this workspace (`/threads/12`) or an address elsewhere; null for `text`.
    pub href: Option<String>,
}

impl From<&DecisionSource> for DecisionSourceDto {
    fn from(source: &DecisionSource) -> DecisionSourceDto {
        DecisionSourceDto {
            kind: source.kind.as_str().to_owned(),
            label: source.label.clone(),
            href: source.href.clone(),
        }
    }
}

/// One decision with its source and body.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionDetailDto {
    #[serde(flatten)]
    pub decision: DecisionDto,
    /// Where it was decided; null when nothing says (or you may not see it).
    pub source: Option<DecisionSourceDto>,
    /// The review the record was published from; null when it came from elsewhere (or you
    /// may not read the proposal).
    pub review: Option<DecisionReviewDto>,
    /// Markdown.
    pub body: String,
    /// The body rendered and sanitised.
    pub html: String,
}

impl From<&DecisionDetail> for DecisionDetailDto {
    fn from(detail: &DecisionDetail) -> DecisionDetailDto {
        DecisionDetailDto {
            decision: DecisionDto::from(&detail.decision),
            source: detail.source.as_ref().map(DecisionSourceDto::from),
            review: detail.review.as_ref().map(DecisionReviewDto::from),
            body: detail.decision.doc.body.clone(),
            html: detail.html.clone(),
        }
    }
}

/// The review a decision record was published from: the proposal's rounds after any earlier
/// decision, up to the one that published it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionReviewDto {
    pub proposal: DocLinkDto,
    /// The round the record was published from (the last of `rounds`).
    pub published_from: i64,
    /// First to last.
    pub rounds: Vec<ReviewedRoundDto>,
}

impl From<&ReviewHistory> for DecisionReviewDto {
    fn from(review: &ReviewHistory) -> DecisionReviewDto {
        DecisionReviewDto {
            proposal: DocLinkDto {
                slug: review.proposal_slug.clone(),
                title: review.proposal_title.clone(),
            },
            published_from: review.published_from().map_or(0, |r| r.round.number),
            rounds: review.rounds.iter().map(ReviewedRoundDto::from).collect(),
        }
    }
}

/// One round of that review, as it ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewedRoundDto {
    pub number: i64,
    /// `open`, `closed`, `decided` or `revised`.
    pub state: String,
    /// As written: `3d`.
    pub window: String,
    /// As read: "3 business days".
    pub window_label: String,
    /// `reversible` or `irreversible`.
    pub reversibility: String,
    pub category: Option<String>,
    pub opened_at: String,
    pub closes_at: String,
    pub closed_at: Option<String>,
    /// Closed by the owner once everyone deciding had answered.
    pub closed_early: bool,
    pub decided_at: Option<String>,
    /// `accepted` or `rejected`, for the round that was decided.
    pub outcome: Option<String>,
    pub participants: Vec<ParticipantDto>,
    pub questions: Vec<QuestionDto>,
    pub tie_break: Option<TieBreakOutDto>,
}

impl From<&ReviewedRound> for ReviewedRoundDto {
    fn from(reviewed: &ReviewedRound) -> ReviewedRoundDto {
        let r = &reviewed.round;
        ReviewedRoundDto {
            number: r.number,
            state: r.state.as_str().to_owned(),
            window: r.window.clone(),
            window_label: reviewed.window_label.clone(),
            reversibility: r.reversibility.as_str().to_owned(),
            category: r.category.clone(),
            opened_at: instant(r.opened_at),
            closes_at: instant(r.closes_at),
            closed_at: r.closed_at.map(instant),
            closed_early: r.closed_early,
            decided_at: r.decided_at.map(instant),
            outcome: r.outcome.map(|o| o.as_str().to_owned()),
            participants: reviewed.participants.iter().map(participant).collect(),
            questions: reviewed.questions.iter().map(question).collect(),
            tie_break: reviewed.tie_break.as_ref().map(|t| TieBreakOutDto {
                dri: t.dri_handle.clone(),
                outcome: t.outcome.as_str().to_owned(),
                reason: t.reason.clone(),
                at: instant(t.created_at),
            }),
        }
    }
}
