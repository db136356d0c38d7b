//! Digest pages: my digest preview (`/digest`: what would be sent now and when the next one
//! goes), a sent digest (`/digests/{id}`, its owner only) and a team's digest
//! (`/teams/{slug}/digest`, with the check-ins slice's summary and open blockers). Every instant is written in the viewer's zone.

use super::error::PageError;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_core::ops;
use longhand_core::ops::blockers::BlockerView;
use longhand_core::ops::checkins::TeamCheckins;
use longhand_core::views::digests::TeamLine;
use longhand_core::wording::{when, zone_time};
use longhand_domain::digests::{Digest, Source};

/// One item of a digest as a row.
pub(crate) struct ItemRow {
    title: String,
    detail: String,
    link: String,
    overdue: bool,
    kind: &'static str,
}

/// A group of a digest.
pub(crate) struct SectionRow {
    title: &'static str,
    items: Vec<ItemRow>,
    more: usize,
}

fn kind_label(source: Source) -> &'static str {
    match source {
        Source::Ask => "Ask",
        Source::Review => "Review",
        Source::SentAsk => "Your ask",
        Source::Decision => "Decision",
        Source::Notification => "Update",
    }
}

fn sections(digest: &Digest) -> Vec<SectionRow> {
    digest
        .sections
        .iter()
        .map(|s| SectionRow {
            title: s.group.title(),
            more: s.more,
            items: s
                .items
                .iter()
                .map(|i| ItemRow {
                    title: i.title.clone(),
                    detail: i.detail.clone(),
                    link: i.link.clone(),
                    overdue: i.overdue,
                    kind: kind_label(i.source),
                })
                .collect(),
        })
        .collect()
}

/// A sent digest in the preview's list.
struct SentRow {
    id: i64,
    at: String,
    headline: String,
}

#[derive(Template)]
#[template(path = "digests/preview.html")]
struct PreviewPage {
    chrome: Chrome,
    next: Option<String>,
    digest_time: String,
    zone: String,
    sections: Vec<SectionRow>,
    recent: Vec<SentRow>,
}

/// GET /digest
pub(crate) async fn preview(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, PageError> {
    let preview = ops::digests::preview(&state.app, &viewer.actor).await?;
    let zone = &preview.zone;
    let page = PreviewPage {
        chrome: Chrome::for_viewer(&viewer, "Your digest", "digest"),
        next: preview.next_at.map(|at| when(at, zone)),
        digest_time: preview.digest_time.clone(),
        zone: zone_time(zone),
        sections: sections(&preview.digest),
        recent: preview
            .recent
            .iter()
            .map(|d| SentRow {
                id: d.id,
                at: when(d.at, zone),
                headline: d.headline.clone(),
            })
            .collect(),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "digests/sent.html")]
struct SentPage {
    chrome: Chrome,
    at: String,
    headline: String,
    sections: Vec<SectionRow>,
}

/// GET /digests/{id}
pub(crate) async fn sent(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let digest = ops::digests::sent(&state.app, &viewer.actor, id).await?;
    let page = SentPage {
        chrome: Chrome::for_viewer(&viewer, "Digest", "digest"),
        at: when(digest.at, &digest.zone),
        headline: digest.headline.clone(),
        sections: sections(&digest.digest),
    };
    Ok(render(&page))
}

/// A line of the team digest.
struct LineRow {
    title: String,
    link: String,
    who: String,
    at: String,
}

fn lines(lines: &[TeamLine], zone: &TimeZone) -> Vec<LineRow> {
    lines
        .iter()
        .map(|l| LineRow {
            title: l.title.clone(),
            link: l.link.clone(),
            who: l.who.clone(),
            at: when(l.at, zone),
        })
        .collect()
}

/// The check-in summary of the team's current period.
struct CheckinsRow {
    answered: usize,
    late: usize,
    blocked: usize,
    not_yet: usize,
    members: Vec<(String, String, &'static str, bool)>,
}

fn checkins_row(summary: &TeamCheckins) -> CheckinsRow {
    CheckinsRow {
        answered: summary.answered(),
        late: summary.late(),
        blocked: summary.blocked(),
        not_yet: summary.not_yet(),
        members: summary
            .rows
            .iter()
            .map(|r| {
                (
                    r.handle.clone(),
                    r.name.clone(),
                    r.status.label(),
                    r.blocked(),
                )
            })
            .collect(),
    }
}

/// An open blocker, oldest first.
struct BlockerRow {
    body: String,
    owner: String,
    reporter: String,
    opened: String,
    open_hours: i64,
}

fn blocker_rows(blockers: &[BlockerView], zone: &TimeZone) -> Vec<BlockerRow> {
    blockers
        .iter()
        .map(|b| BlockerRow {
            body: b.blocker.body.clone(),
            owner: b.blocker.owner_name.clone(),
            reporter: b.blocker.reporter_name.clone(),
            opened: when(b.blocker.opened_at, zone),
            open_hours: b.open_business.as_hours(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "digests/team.html")]
struct TeamPage {
    chrome: Chrome,
    slug: String,
    name: String,
    since: String,
    zone: String,
    checkins: Option<CheckinsRow>,
    blockers: Vec<BlockerRow>,
    decisions: Vec<LineRow>,
    reviews: Vec<LineRow>,
    overdue: Vec<LineRow>,
}

fn day_of(at: Timestamp, zone: &TimeZone) -> String {
    longhand_core::wording::day(at.to_zoned(zone.clone()).date())
}

/// GET /teams/{slug}/digest
pub(crate) async fn team(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let view = ops::digests::team_with_checkins(&state.app, &viewer.actor, &slug).await?;
    let digest = view.digest;
    let zone = &digest.zone;
    let page = TeamPage {
        checkins: view.checkins.as_ref().map(checkins_row),
        blockers: blocker_rows(&view.blockers, zone),
        chrome: Chrome::for_viewer(&viewer, format!("{} digest", digest.name), "teams"),
        since: day_of(digest.since, zone),
        zone: zone_time(zone),
        decisions: lines(&digest.decisions, zone),
        reviews: lines(&digest.reviews, zone),
        overdue: lines(&digest.overdue_asks, zone),
        slug: digest.slug,
        name: digest.name,
    };
    Ok(render(&page))
}
