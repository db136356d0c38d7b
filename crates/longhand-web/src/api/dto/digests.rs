//! Digests on the wire: a person's digest preview and a team's digest.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_core::ops::blockers::BlockerView;
use longhand_core::ops::checkins::TeamCheckins;
use longhand_core::ops::digests::TeamDigestView;
use longhand_core::views::digests::{DigestPreview, TeamDigest, TeamLine};
use longhand_domain::digests::{Digest, Item, Section};
use serde::Serialize;
use utoipa::ToSchema;

/// An instant in UTC and in the reader's zone.
#[derive(Debug, Serialize, ToSchema)]
pub struct LocalInstantDto {
    /// RFC 3339, UTC.
    pub utc: String,
    /// RFC 3339 with the reader's offset.
    pub local: String,
}

fn instant(at: Timestamp, zone: &TimeZone) -> LocalInstantDto {
    LocalInstantDto {
        utc: at.to_string(),
        local: at
            .to_zoned(zone.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
    }
}

/// One item of a digest: one link.
#[derive(Debug, Serialize, ToSchema)]
pub struct DigestItemDto {
    /// `ask`, `review`, `sent_ask`, `decision` or `notification`.
    pub source: String,
    pub title: String,
    pub detail: String,
    /// The in-app path it links to.
    pub link: String,
    /// When an answer is due (asks, reviews).
    pub deadline: Option<LocalInstantDto>,
    pub overdue: bool,
}

/// A group of a digest, best first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DigestGroupDto {
    /// `waiting_on_you`, `you_sent`, `decisions` or `updates`.
    pub group: String,
    /// The heading, e.g. "Waiting on you".
    pub title: String,
    pub items: Vec<DigestItemDto>,
    /// Items that did not fit; they wait for the next digest.
    pub more: usize,
}

fn item(item: &Item, zone: &TimeZone) -> DigestItemDto {
    DigestItemDto {
        source: item.source.as_str().to_owned(),
        title: item.title.clone(),
        detail: item.detail.clone(),
        link: item.link.clone(),
        deadline: item.deadline.map(|d| instant(d, zone)),
        overdue: item.overdue,
    }
}

fn group(section: &Section, zone: &TimeZone) -> DigestGroupDto {
    DigestGroupDto {
        group: section.group.as_str().to_owned(),
        title: section.group.title().to_owned(),
        items: section.items.iter().map(|i| item(i, zone)).collect(),
        more: section.more,
    }
}

fn groups(digest: &Digest, zone: &TimeZone) -> Vec<DigestGroupDto> {
    digest.sections.iter().map(|s| group(s, zone)).collect()
}

/// What your digest would hold if it went now, and when the next one goes.
#[derive(Debug, Serialize, ToSchema)]
pub struct DigestPreviewDto {
    /// The next digest; null when your calendar has no working day ahead.
    pub next_at: Option<LocalInstantDto>,
    /// Your IANA zone.
    pub zone: String,
    /// Your digest time, `HH:MM` local.
    pub digest_time: String,
    /// "2 waiting on you, 1 decision", or "nothing new".
    pub headline: String,
    /// False when nothing is new: an empty digest is not sent.
    pub would_send: bool,
    pub groups: Vec<DigestGroupDto>,
    /// Every item of every group, in digest order.
    pub items: Vec<DigestItemDto>,
}

impl From<DigestPreview> for DigestPreviewDto {
    fn from(p: DigestPreview) -> DigestPreviewDto {
        let zone = &p.zone;
        DigestPreviewDto {
            next_at: p.next_at.map(|at| instant(at, zone)),
            zone: zone.iana_name().unwrap_or("UTC").to_owned(),
            digest_time: p.digest_time.clone(),
            headline: p.digest.headline(),
            would_send: !p.digest.is_empty(),
            groups: groups(&p.digest, zone),
            items: p.digest.items().map(|i| item(i, zone)).collect(),
        }
    }
}

/// A line of a team digest.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamDigestLineDto {
    pub title: String,
    /// The in-app path it links to.
    pub link: String,
    /// The person it is about: the owner, or whom an ask waits on.
    pub who: String,
    /// Decided, closes, or was due.
    pub at: LocalInstantDto,
}

fn line(l: &TeamLine, zone: &TimeZone) -> TeamDigestLineDto {
    TeamDigestLineDto {
        title: l.title.clone(),
        link: l.link.clone(),
        who: l.who.clone(),
        at: instant(l.at, zone),
    }
}

/// The team's check-ins in each member's current period.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamCheckinSummaryDto {
    pub answered: usize,
    pub late: usize,
    pub blocked: usize,
    pub not_yet: usize,
    pub members: Vec<TeamCheckinMemberDto>,
}

/// One member's check-in standing.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamCheckinMemberDto {
    pub handle: String,
    pub name: String,
    /// `answered`, `late`, `waiting`, `overdue`, `missed` or `none`.
    pub status: String,
    pub blocked: bool,
}

/// An open blocker of the team.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamBlockerDto {
    pub id: i64,
    pub body: String,
    /// Who can unblock it.
    pub owner: String,
    pub reporter: String,
    pub opened_at: LocalInstantDto,
    /// How long it has been open in the owner's business hours.
    pub open_business_hours: i64,
}

fn summary(c: &TeamCheckins) -> TeamCheckinSummaryDto {
    TeamCheckinSummaryDto {
        answered: c.answered(),
        late: c.late(),
        blocked: c.blocked(),
        not_yet: c.not_yet(),
        members: c
            .rows
            .iter()
            .map(|r| TeamCheckinMemberDto {
                handle: r.handle.clone(),
                name: r.name.clone(),
                status: r.status.as_str().to_owned(),
                blocked: r.blocked(),
            })
            .collect(),
    }
}

fn blocker(b: &BlockerView, zone: &TimeZone) -> TeamBlockerDto {
    TeamBlockerDto {
        id: b.blocker.id,
        body: b.blocker.body.clone(),
        owner: b.blocker.owner_handle.clone(),
        reporter: b.blocker.reporter_handle.clone(),
        opened_at: instant(b.blocker.opened_at, zone),
        open_business_hours: b.open_business.as_hours(),
    }
}

/// A team's digest: the current check-ins and open blockers (for those who see the team's
/// check-ins), decisions of the last seven days, reviews closing soon, overdue asks. Times
/// are in the caller's zone.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamDigestDto {
    pub team: String,
    pub name: String,
    /// Null for a caller who may see the team but not its check-ins.
    pub checkins: Option<TeamCheckinSummaryDto>,
    pub open_blockers: Vec<TeamBlockerDto>,
    /// Decisions are listed from this instant on.
    pub since: LocalInstantDto,
    pub decisions: Vec<TeamDigestLineDto>,
    pub reviews_closing_soon: Vec<TeamDigestLineDto>,
    pub overdue_asks: Vec<TeamDigestLineDto>,
}

impl From<TeamDigestView> for TeamDigestDto {
    fn from(view: TeamDigestView) -> TeamDigestDto {
        let t: TeamDigest = view.digest;
        let zone = &t.zone;
        let lines = |v: &[TeamLine]| v.iter().map(|l| line(l, zone)).collect();
        TeamDigestDto {
            checkins: view.checkins.as_ref().map(summary),
            open_blockers: view.blockers.iter().map(|b| blocker(b, zone)).collect(),
            since: instant(t.since, zone),
            decisions: lines(&t.decisions),
            reviews_closing_soon: lines(&t.reviews),
            overdue_asks: lines(&t.overdue_asks),
            team: t.slug,
            name: t.name,
        }
    }
}
