//! Review pages: the "Review" section of a proposal's page (open a round, the current round
//! with its closing time in the viewer's zone and the owner's, who answered what, the verdict
//! form, open questions, the DRI's tie-break, revise and reopen, and the rounds before), and
//! the synthesis page with its pre-filled draft and the publish form. A round's call
//! suggestion and calls (sync escalation) are in [`sync`].

pub(crate) mod sync;

use super::asks::viewer_zone;
use super::documents::view_page;
use super::error::{PageError, classify};
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_core::ops::reviews::{
    self as reviews, DocReview, OpenInput, PublishInput, RoundView, Synthesis, blocked_reason,
};
use longhand_core::ops::{self, OpError};
use longhand_core::wording::{when, zone_time};
use longhand_domain::reviews::{Outcome, Reversibility, RoundState, TieReason, Verdict};
use serde::Deserialize;

/// The "Review" section of a document page.
pub(crate) struct ReviewPanel {
    /// Whether the page shows the section at all: a proposal, or a document with rounds.
    pub(crate) shown: bool,
    pub(crate) can_open: bool,
    pub(crate) reviewers: String,
    pub(crate) deciders: String,
    pub(crate) window: String,
    /// The newest round, then the ones before it.
    pub(crate) current: Option<RoundPanel>,
    pub(crate) history: Vec<RoundPanel>,
    /// For a decision record published from a review: the proposal (slug, title), the round
    /// and its outcome.
    pub(crate) decided_in: Option<(String, String, i64, &'static str)>,
}

impl ReviewPanel {
    /// No review section (filled in by [`panel`]).
    pub(crate) fn hidden() -> ReviewPanel {
        ReviewPanel {
            shown: false,
            can_open: false,
            reviewers: String::new(),
            deciders: String::new(),
            window: String::new(),
            current: None,
            history: Vec::new(),
            decided_in: None,
        }
    }
}

/// One round as the page shows it.
pub(crate) struct RoundPanel {
    pub(crate) number: i64,
    pub(crate) state: &'static str,
    pub(crate) badge: &'static str,
    pub(crate) window: String,
    pub(crate) opened: String,
    /// The closing time in the viewer's zone, and in the owner's.
    pub(crate) closes: String,
    pub(crate) closes_owner: String,
    pub(crate) closing_soon: Option<String>,
    pub(crate) closed: Option<String>,
    pub(crate) closed_early: bool,
    pub(crate) stakes: String,
    pub(crate) team: Option<String>,
    pub(crate) dri: Option<String>,
    pub(crate) people: Vec<PersonRow>,
    pub(crate) questions: Vec<QuestionRow>,
    pub(crate) tie_break: Option<String>,
    pub(crate) tie_break_needed: Option<String>,
    /// Why accepting, or rejecting, is not allowed now (`None`: it is).
    pub(crate) accept: Option<String>,
    pub(crate) reject: Option<String>,
    pub(crate) waiting_on: String,
    pub(crate) decision: Option<(String, String)>,
    pub(crate) outcome: Option<&'static str>,
    pub(crate) my_verdict: Option<&'static str>,
    pub(crate) my_reason: String,
    pub(crate) rights: reviews::RoundRights,
    /// The 15-minute call suggested when the round closed on standing objections, and the
    /// calls recorded on it.
    pub(crate) sync: crate::threads::sync::SyncRows,
}

/// Someone asked, with their answer.
pub(crate) struct PersonRow {
    pub(crate) handle: String,
    pub(crate) name: String,
    pub(crate) role: &'static str,
    pub(crate) via: Option<String>,
    pub(crate) verdict: &'static str,
    pub(crate) badge: &'static str,
    pub(crate) reason: String,
    pub(crate) answered: Option<String>,
}

/// An open question.
pub(crate) struct QuestionRow {
    pub(crate) id: i64,
    pub(crate) question: String,
    pub(crate) raised_by: String,
    pub(crate) deadline: String,
    pub(crate) answer: Option<String>,
    pub(crate) answered_by: String,
    pub(crate) expired: bool,
}

pub(crate) fn state_badge(state: RoundState) -> &'static str {
    match state {
        RoundState::Open => "badge-ontrack",
        RoundState::Closed => "badge-atrisk",
        RoundState::Decided | RoundState::Revised => "badge-closed",
    }
}

pub(crate) fn verdict_badge(verdict: Option<Verdict>) -> (&'static str, &'static str) {
    match verdict {
        Some(Verdict::Approve) => ("approves", "badge-ontrack"),
        Some(Verdict::ApproveWithComments) => ("approves with comments", "badge-ontrack"),
        Some(Verdict::Object) => ("objects", "badge-breached"),
        Some(Verdict::Abstain) => ("abstains", "badge-closed"),
        None => ("no verdict yet", "badge-atrisk"),
    }
}

fn tie_text(reason: &TieReason) -> String {
    match reason {
        TieReason::Tie { each } => {
            format!("The deciders are split {each} to {each}: the team's DRI breaks the tie.")
        }
        TieReason::Objection { by } => {
            let at: Vec<String> = by.iter().map(|h| format!("@{h}")).collect();
            format!(
                "A blocking objection stands ({}): the team's DRI may break it, with a reason.",
                at.join(", ")
            )
        }
    }
}

/// A round for `viewer`, in their `zone`, at `now`.
pub(crate) fn round_panel(
    view: &RoundView,
    viewer: &Viewer,
    zone: &TimeZone,
    now: Timestamp,
) -> RoundPanel {
    let r = &view.round;
    let owner = &view.owner_zone;
    let rule = |blocked: &Option<longhand_domain::reviews::Blocked>| {
        blocked.as_ref().map(|b| blocked_reason(b, zone))
    };
    let stakes = match (&r.reversibility, &r.category) {
        (Reversibility::Irreversible, Some(c)) => {
            format!("irreversible ({c}): every decider must consent")
        }
        (Reversibility::Irreversible, None) => {
            "irreversible: every decider must consent".to_owned()
        }
        (Reversibility::Reversible, Some(c)) => format!("reversible ({c})"),
        (Reversibility::Reversible, None) => "reversible".to_owned(),
    };
    let waiting: Vec<String> = view.waiting_on.iter().map(|h| format!("@{h}")).collect();
    RoundPanel {
        number: r.number,
        state: r.state.as_str(),
        badge: state_badge(r.state),
        window: view.window_label.clone(),
        opened: when(r.opened_at, zone),
        closes: format!("{} your time", when(r.closes_at, zone)),
        closes_owner: format!("{} {}", when(r.closes_at, owner), zone_time(owner)),
        closing_soon: r.closing_soon_at.map(|at| when(at, zone)),
        closed: r.closed_at.map(|at| when(at, zone)),
        closed_early: r.closed_early,
        stakes,
        team: r.team_slug.clone(),
        dri: view.dri.as_ref().map(|(h, n)| format!("{n} (@{h})")),
        people: view.participants.iter().map(|p| person(p, zone)).collect(),
        questions: view.questions.iter().map(|q| question(q, zone)).collect(),
        tie_break: view.tie_break.as_ref().map(|t| {
            format!(
                "{} broke the tie: {} — {}",
                t.dri_name,
                t.outcome.as_str(),
                t.reason
            )
        }),
        tie_break_needed: view.tie_break_needed.as_ref().map(tie_text),
        accept: rule(&view.accept_blocked),
        reject: rule(&view.reject_blocked),
        waiting_on: waiting.join(", "),
        decision: view
            .decision
            .as_ref()
            .map(|d| (d.slug.clone(), d.title.clone())),
        outcome: r.outcome.map(Outcome::as_str),
        my_verdict: view.my_verdict.as_ref().map(|(v, _)| v.as_str()),
        my_reason: view
            .my_verdict
            .as_ref()
            .and_then(|(_, r)| r.clone())
            .unwrap_or_default(),
        rights: view.rights,
        sync: sync::rows(view, viewer, zone, now),
    }
}

pub(crate) fn person(
    p: &longhand_core::views::reviews::ParticipantRecord,
    zone: &TimeZone,
) -> PersonRow {
    let (verdict, badge) = verdict_badge(p.verdict);
    PersonRow {
        handle: p.handle.clone(),
        name: p.name.clone(),
        role: p.role.as_str(),
        via: p.via_team.clone(),
        verdict,
        badge,
        reason: p.reason.clone().unwrap_or_default(),
        answered: p.answered_at.map(|at| when(at, zone)),
    }
}

fn question(q: &longhand_core::views::reviews::QuestionRecord, zone: &TimeZone) -> QuestionRow {
    QuestionRow {
        id: q.id,
        question: q.question.clone(),
        raised_by: q.raised_by_handle.clone(),
        deadline: when(q.deadline, zone),
        answer: q.answer.clone(),
        answered_by: q.answered_by_handle.clone().unwrap_or_default(),
        expired: q.expired_at.is_some() && q.answer.is_none(),
    }
}

/// The review section of a document page, for a viewer in `zone`.
pub(crate) async fn panel(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    zone: &TimeZone,
) -> Result<ReviewPanel, OpError> {
    let review: DocReview = reviews::for_document(&state.app, &viewer.actor, slug).await?;
    let now = state.app.now();
    let mut rounds = review
        .rounds
        .iter()
        .map(|r| round_panel(r, viewer, zone, now));
    let current = rounds.next();
    let history = rounds.collect();
    let decided_in = match (review.can_open, &current) {
        (false, None) => reviews::for_decision(&state.app, &viewer.actor, slug)
            .await?
            .map(|round| {
                let outcome = round.round.outcome.map_or("decided", Outcome::as_str);
                let doc = round.document;
                (doc.slug, doc.title, round.round.number, outcome)
            }),
        _ => None,
    };
    Ok(ReviewPanel {
        decided_in,
        shown: review.can_open || current.is_some(),
        can_open: review.can_open,
        reviewers: review.default_reviewers.join(", "),
        deciders: review.default_deciders.join(", "),
        window: review.default_window.clone(),
        current,
        history,
    })
}

/// Back to the document's review section after an action, or its page again with why not.
async fn after(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    result: Result<(), OpError>,
    notice: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/docs/{slug}?ok={notice}#review")).into_response()),
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_) | OpError::Forbidden(_))) => {
            let status = classify(&err).0;
            let page = view_page(state, viewer, slug, None, "", Some(err.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(err) => Err(err.into()),
    }
}

/// Entries separated by commas, spaces or lines: `ana, team:core`.
fn entries(raw: &str) -> Vec<String> {
    raw.split([',', ' ', '\n', '\r', '\t'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The open-review form, as typed.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct OpenForm {
    #[serde(default)]
    reviewers: String,
    #[serde(default)]
    deciders: String,
    #[serde(default)]
    window: String,
    /// `reversible`, `irreversible`, or empty (the category decides).
    #[serde(default)]
    reversibility: String,
    #[serde(default)]
    category: String,
}

impl OpenForm {
    fn input(&self) -> Result<OpenInput, OpError> {
        let reversibility = match self.reversibility.trim() {
            "" => None,
            raw => Some(
                Reversibility::parse(raw)
                    .ok_or_else(|| ops::invalid("choose reversible or irreversible"))?,
            ),
        };
        let text = |raw: &str| Some(raw.trim().to_owned()).filter(|t| !t.is_empty());
        Ok(OpenInput {
            reviewers: Some(entries(&self.reviewers)),
            deciders: Some(entries(&self.deciders)),
            window: text(&self.window),
            reversibility,
            category: text(&self.category),
        })
    }
}

/// POST /docs/{slug}/rounds — opens a review round.
pub(crate) async fn open(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<OpenForm>,
) -> Result<Response, PageError> {
    let result = match form.input() {
        Ok(input) => reviews::open(&state.app, &viewer.actor, &slug, input)
            .await
            .map(drop),
        Err(err) => Err(err),
    };
    after(&state, &viewer, &slug, result, "review-opened").await
}

/// The verdict form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct VerdictForm {
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    reason: String,
}

/// POST /docs/{slug}/rounds/{number}/verdict
pub(crate) async fn verdict(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, number)): Path<(String, i64)>,
    Form(form): Form<VerdictForm>,
) -> Result<Response, PageError> {
    let result = match Verdict::parse(&form.verdict) {
        Ok(verdict) => reviews::verdict(
            &state.app,
            &viewer.actor,
            &slug,
            number,
            verdict,
            &form.reason,
        )
        .await
        .map(drop),
        Err(err) => Err(ops::invalid(err)),
    };
    after(&state, &viewer, &slug, result, "verdict-saved").await
}

/// POST /docs/{slug}/rounds/{number}/close — closes the window early.
pub(crate) async fn close(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, number)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let result = reviews::close(&state.app, &viewer.actor, &slug, number).await;
    after(&state, &viewer, &slug, result.map(drop), "round-closed").await
}

/// A window typed into a form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct WindowForm {
    #[serde(default)]
    window: String,
}

/// POST /docs/{slug}/rounds/{number}/reopen
pub(crate) async fn reopen(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, number)): Path<(String, i64)>,
    Form(form): Form<WindowForm>,
) -> Result<Response, PageError> {
    let window = Some(form.window.trim().to_owned()).filter(|w| !w.is_empty());
    let result = reviews::reopen(&state.app, &viewer.actor, &slug, number, window).await;
    after(&state, &viewer, &slug, result.map(drop), "round-reopened").await
}

/// POST /docs/{slug}/rounds/{number}/revise — the next round, with the same people and window.
pub(crate) async fn revise(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, number)): Path<(String, i64)>,
    Form(form): Form<WindowForm>,
) -> Result<Response, PageError> {
    let input = OpenInput {
        window: Some(form.window.trim().to_owned()).filter(|w| !w.is_empty()),
        ..OpenInput::default()
    };
    let result = reviews::revise(&state.app, &viewer.actor, &slug, number, input).await;
    after(&state, &viewer, &slug, result.map(drop), "round-revised").await
}

/// A question or an answer typed into a form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TextForm {
    #[serde(default)]
    text: String,
}

/// POST /docs/{slug}/rounds/{number}/questions
pub(crate) async fn raise_question(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, number)): Path<(String, i64)>,
    Form(form): Form<TextForm>,
) -> Result<Response, PageError> {
    let result =
        reviews::raise_question(&state.app, &viewer.actor, &slug, number, &form.text).await;
    after(&state, &viewer, &slug, result.map(drop), "question-raised").await
}

/// POST /docs/{slug}/rounds/{number}/questions/{id}/answer
pub(crate) async fn answer_question(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, number, id)): Path<(String, i64, i64)>,
    Form(form): Form<TextForm>,
) -> Result<Response, PageError> {
    let result =
        reviews::answer_question(&state.app, &viewer.actor, &slug, number, id, &form.text).await;
    after(
        &state,
        &viewer,
        &slug,
        result.map(drop),
        "question-answered",
    )
    .await
}

/// The DRI's tie-break form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TieBreakForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reason: String,
}

/// POST /docs/{slug}/rounds/{number}/tie-break
pub(crate) async fn tie_break(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, number)): Path<(String, i64)>,
    Form(form): Form<TieBreakForm>,
) -> Result<Response, PageError> {
    let result = match Outcome::parse(&form.outcome) {
        Some(outcome) => reviews::tie_break(
            &state.app,
            &viewer.actor,
            &slug,
            number,
            outcome,
            &form.reason,
        )
        .await
        .map(drop),
        None => Err(ops::invalid("choose accepted or rejected")),
    };
    after(&state, &viewer, &slug, result, "tie-broken").await
}

/// The publish form, as typed (pre-filled from the draft).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PublishForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    context: String,
    #[serde(default)]
    options: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    rationale: String,
    #[serde(default)]
    consequences: String,
    #[serde(default)]
    review_date: String,
    #[serde(default)]
    supersedes: String,
}

impl PublishForm {
    fn of(synthesis: &Synthesis) -> PublishForm {
        let d = &synthesis.draft;
        PublishForm {
            outcome: synthesis.suggested.as_str().to_owned(),
            title: d.title.clone(),
            context: d.context.clone(),
            options: d.options.clone(),
            decision: d.decision.clone(),
            rationale: d.rationale.clone(),
            consequences: d.consequences.clone(),
            review_date: synthesis.review_date.to_string(),
            supersedes: String::new(),
        }
    }

    fn input(&self) -> Result<PublishInput, OpError> {
        let text = |raw: &str| Some(raw.to_owned()).filter(|t| !t.trim().is_empty());
        let review_date = match self.review_date.trim() {
            "" => None,
            raw => Some(raw.parse().map_err(|_| {
                ops::invalid(format!(
                    "the review date \"{raw}\" is not a date like 2026-09-30"
                ))
            })?),
        };
        Ok(PublishInput {
            outcome: Some(Outcome::parse(&self.outcome).ok_or_else(|| {
                ops::invalid("choose whether the proposal is accepted or rejected")
            })?),
            title: text(&self.title),
            context: text(&self.context),
            options: text(&self.options),
            decision: text(&self.decision),
            rationale: text(&self.rationale),
            consequences: text(&self.consequences),
            review_date,
            supersedes: text(&self.supersedes),
        })
    }
}

#[derive(Template)]
#[template(path = "reviews/synthesis.html")]
struct SynthesisPage {
    chrome: Chrome,
    slug: String,
    doc_title: String,
    round: RoundPanel,
    approvals: Vec<(String, String)>,
    objections: Vec<(String, String)>,
    abstentions: String,
    silent: String,
    questions: Vec<(String, String)>,
    threads: Vec<(i64, String)>,
    deciders: String,
    date: String,
    form: PublishForm,
    error: Option<String>,
}

fn at_list(handles: &[String]) -> String {
    let at: Vec<String> = handles.iter().map(|h| format!("@{h}")).collect();
    at.join(", ")
}

async fn synthesis_page(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    number: i64,
    form: Option<PublishForm>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let found = reviews::synthesis(&state.app, &viewer.actor, slug, number).await?;
    let zone = viewer_zone(state, viewer).await?;
    let t = &found.tally;
    let page = SynthesisPage {
        chrome: Chrome::for_viewer(
            viewer,
            format!("Synthesis: {}", found.round.document.title),
            "docs",
        ),
        slug: found.round.document.slug.clone(),
        doc_title: found.round.document.title.clone(),
        round: round_panel(&found.round, viewer, &zone, state.app.now()),
        approvals: t
            .approvals
            .iter()
            .map(|(h, c)| (h.clone(), c.clone().unwrap_or_default()))
            .collect(),
        objections: t.objections.clone(),
        abstentions: at_list(&t.abstentions),
        silent: at_list(&t.silent),
        questions: t
            .questions
            .iter()
            .map(|(q, a)| (q.clone(), a.clone().unwrap_or_default()))
            .collect(),
        threads: found.unresolved.clone(),
        deciders: at_list(&found.deciders),
        date: found.date.to_string(),
        form: form.unwrap_or_else(|| PublishForm::of(&found)),
        error,
    };
    Ok(render(&page))
}

/// GET /docs/{slug}/rounds/{number}/synthesis
pub(crate) async fn synthesis(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, number)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    synthesis_page(&state, &viewer, &slug, number, None, None).await
}

/// POST /docs/{slug}/rounds/{number}/publish — publishes the decision record.
pub(crate) async fn publish(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, number)): Path<(String, i64)>,
    Form(form): Form<PublishForm>,
) -> Result<Response, PageError> {
    let result = match form.input() {
        Ok(input) => reviews::publish(&state.app, &viewer.actor, &slug, number, input).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(published) => Ok(Redirect::to(&format!(
            "/docs/{}?ok=decision-published",
            published.record.slug
        ))
        .into_response()),
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_))) => {
            let status = classify(&err).0;
            let page = synthesis_page(
                &state,
                &viewer,
                &slug,
                number,
                Some(form),
                Some(err.to_string()),
            )
            .await?;
            Ok((status, page).into_response())
        }
        Err(err) => Err(err.into()),
    }
}
