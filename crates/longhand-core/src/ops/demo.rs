//! The demo workspace: eight people across six time zones, three teams and six spaces, seeded
//! once so a newcomer has something real to click through — documents, asks, meetings, an RFC
//! in review and a decision reached in review (`reviews`), daily check-ins with a blocker
//! (`checkins`).

mod checkins;
mod documents;
mod reviews;

use super::auth::{NewAccount, Password};
use super::members::ProfileInput;
use super::spaces::SpaceInput;
use super::teams::TeamInput;
use super::{Actor, App, OpResult, commit, invalid};
use crate::formats::calendar_json::{CalendarJson, DateRangeJson, FocusBlockJson};
use crate::store::settings;
use jiff::{SignedDuration, Timestamp};
use longhand_domain::asks::AskKind;
use longhand_domain::names::{DisplayName, Email, Handle, Slug};
use longhand_domain::workspace::{Role, SpacePurpose, SpaceRole, Visibility};

/// The password every demo account shares.
pub const DEMO_PASSWORD: &str = "longhand-demo";

struct Person {
    handle: &'static str,
    name: &'static str,
    role: Role,
    zone: &'static str,
    hours: &'static [(&'static str, &'static [&'static str])],
    focus: &'static [(&'static [&'static str], &'static str, &'static str)],
    holidays: &'static [&'static str],
    time_off: &'static [(&'static str, &'static str)],
    /// On time off around the day the demo is seeded, so asks to them show what happens
    /// when a responder is away.
    away_now: bool,
}

const WEEKDAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];

const PEOPLE: &[Person] = &[
    Person {
        handle: "ana",
        name: "Ana Lima",
        role: Role::Admin,
        zone: "America/Sao_Paulo",
        hours: &[("*", &["09:00-12:00", "13:00-18:00"])],
        focus: &[(&["mon", "wed"], "14:00", "17:00")],
        holidays: &["2026-12-25", "2027-01-01"],
        time_off: &[],
        away_now: false,
    },
    Person {
        handle: "ben",
        name: "Ben Okafor",
        role: Role::Member,
        zone: "Europe/London",
        hours: &[("*", &["08:30-12:30", "13:30-17:00"])],
        focus: &[(&["tue", "thu"], "09:00", "12:00")],
        holidays: &["2026-12-25", "2026-12-28"],
        time_off: &[("2026-12-21", "2027-01-01")],
        away_now: false,
    },
    Person {
        handle: "chloe",
        name: "Chloé Martin",
        role: Role::Member,
        zone: "Europe/Berlin",
        hours: &[("*", &["09:00-17:30"])],
        focus: &[(&["mon", "tue", "wed", "thu", "fri"], "13:00", "16:00")],
        holidays: &["2026-12-24", "2026-12-25", "2026-12-26"],
        time_off: &[],
        away_now: false,
    },
    Person {
        handle: "dev",
        name: "Dev Patel",
        role: Role::Member,
        zone: "Asia/Kolkata",
        hours: &[("*", &["10:00-13:00", "14:00-19:00"])],
        focus: &[(&["wed"], "10:00", "13:00")],
        holidays: &["2026-11-08", "2027-01-26"],
        time_off: &[],
        away_now: false,
    },
    Person {
        handle: "emi",
        name: "Emi Tanaka",
        role: Role::Member,
        zone: "Asia/Tokyo",
        hours: &[("*", &["09:30-18:00"])],
        focus: &[(&["mon", "tue", "wed", "thu"], "09:30", "12:30")],
        holidays: &["2027-01-01", "2027-01-02"],
        time_off: &[],
        away_now: false,
    },
    Person {
        handle: "farah",
        name: "Farah Haddad",
        role: Role::Member,
        zone: "America/New_York",
        hours: &[("*", &["08:00-16:00"])],
        focus: &[(&["fri"], "08:00", "12:00")],
        holidays: &["2026-11-26", "2026-12-25"],
        time_off: &[("2027-02-15", "2027-02-19")],
        away_now: false,
    },
    Person {
        handle: "gus",
        name: "Gus Andersson",
        role: Role::Member,
        zone: "Australia/Sydney",
        hours: &[
            ("mon", &["08:00-16:00"]),
            ("tue", &["08:00-16:00"]),
            ("wed", &["08:00-16:00"]),
            ("thu", &["08:00-16:00"]),
        ],
        focus: &[(&["tue"], "09:00", "12:00")],
        holidays: &["2026-12-25", "2026-12-28"],
        time_off: &[],
        away_now: true,
    },
    Person {
        handle: "hana",
        name: "Hana Novak",
        role: Role::Guest,
        zone: "Europe/Prague",
        hours: &[
            ("tue", &["10:00-14:00"]),
            ("wed", &["10:00-14:00"]),
            ("thu", &["10:00-14:00"]),
        ],
        focus: &[],
        holidays: &[],
        time_off: &[],
        away_now: false,
    },
];

fn calendar_of(person: &Person, now: Timestamp) -> CalendarJson {
    let mut json = CalendarJson::standard(person.zone);
    for hours in json.working_hours.values_mut() {
        hours.clear();
    }
    for (day, ranges) in person.hours {
        let days: Vec<&str> = if *day == "*" {
            WEEKDAYS.to_vec()
        } else {
            vec![*day]
        };
        for key in days {
            json.working_hours.insert(
                key.to_owned(),
                ranges.iter().map(|r| (*r).to_owned()).collect(),
            );
        }
    }
    json.holidays = person.holidays.iter().map(|d| (*d).to_owned()).collect();
    json.time_off = person
        .time_off
        .iter()
        .map(|(s, e)| DateRangeJson {
            start: (*s).into(),
            end: (*e).into(),
        })
        .collect();
    if person.away_now {
        json.time_off.push(away_around(person.zone, now));
    }
    json.focus_blocks = person
        .focus
        .iter()
        .map(|(days, start, end)| FocusBlockJson {
            days: days.iter().map(|d| (*d).to_owned()).collect(),
            start: (*start).into(),
            end: (*end).into(),
        })
        .collect();
    json
}

/// From two days before `now` to five days after, in `zone` (UTC if the zone is unknown).
fn away_around(zone: &str, now: Timestamp) -> DateRangeJson {
    let tz = crate::tz::lookup(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let today = now.to_zoned(tz).date();
    let day = |days: i64| {
        today
            .checked_add(jiff::Span::new().days(days))
            .unwrap_or(today)
            .to_string()
    };
    DateRangeJson {
        start: day(-2),
        end: day(5),
    }
}

/// Seeds the demo workspace unless it was seeded before (or the workspace has people).
/// Returns whether it seeded.
pub async fn seed(app: &App) -> OpResult<bool> {
    if !super::auth::setup_needed(app).await? {
        return Ok(false);
    }
    let mut actors = Vec::new();
    for person in PEOPLE {
        actors.push(add_person(app, person).await?);
    }
    let admin = actors[0].clone();
    seed_teams(app, &admin).await?;
    seed_spaces(app, &actors).await?;
    seed_asks(app, &actors).await?;
    super::demo_meetings::seed(app, &admin).await?;
    documents::seed(app, &actors).await?;
    reviews::seed(app, &actors).await?;
    checkins::seed(app, &actors).await?;
    let mut tx = app.store().write().await?;
    settings::set(&mut tx, "demo.seeded", &app.now().to_string()).await?;
    commit(tx).await?;
    Ok(true)
}

async fn add_person(app: &App, person: &Person) -> OpResult<Actor> {
    let account = NewAccount {
        email: Email::parse(&format!("{}@example.com", person.handle)).map_err(invalid)?,
        name: DisplayName::parse(person.name).map_err(invalid)?,
        handle: Some(Handle::parse(person.handle).map_err(invalid)?),
        role: person.role,
        password: Some(Password::parse(DEMO_PASSWORD)?),
        time_zone: person.zone.to_owned(),
    };
    let actor = super::auth::create_account(app, None, account).await?;
    let calendar = calendar_of(person, app.now())
        .to_domain()
        .map_err(super::OpError::Invalid)?;
    let digest_time = jiff::civil::time(9, 0, 0, 0);
    let profile = ProfileInput {
        name: DisplayName::parse(person.name).map_err(invalid)?,
        calendar,
        digest_time,
    };
    super::members::update_profile(app, &actor, person.handle, profile).await?;
    Ok(actor)
}

async fn seed_teams(app: &App, admin: &Actor) -> OpResult<()> {
    let teams: [(&str, &str, &str, &[&str]); 3] = [
        (
            "Platform",
            "chloe",
            "Builds and runs the services everyone else ships on.",
            &["ben", "dev", "gus"],
        ),
        (
            "Product",
            "ana",
            "Decides what we build next and why.",
            &["farah", "emi"],
        ),
        (
            "Infra On-call",
            "dev",
            "Carries the pager; owns incident response.",
            &["gus", "farah"],
        ),
    ];
    for (name, dri, description, members) in teams {
        let input = TeamInput {
            name: DisplayName::parse(name).map_err(invalid)?,
            slug: None,
            description: description.to_owned(),
            dri: Handle::parse(dri).map_err(invalid)?,
        };
        let team = super::teams::create(app, admin, input).await?;
        for member in members {
            super::teams::add_member(
                app,
                admin,
                &team.team.slug,
                &Handle::parse(member).map_err(invalid)?,
            )
            .await?;
        }
    }
    Ok(())
}

/// Name, purpose, visibility, owner, description, members.
type DemoSpace = (
    &'static str,
    SpacePurpose,
    Visibility,
    &'static str,
    &'static str,
    &'static [&'static str],
);

async fn seed_spaces(app: &App, people: &[Actor]) -> OpResult<()> {
    let by_handle = |handle: &str| people.iter().find(|p| p.handle == handle).cloned();
    let spaces: [DemoSpace; 6] = [
        (
            "Announcements",
            SpacePurpose::Announcements,
            Visibility::Workspace,
            "ana",
            "Company news, one way. Discuss in threads.",
            &["ben", "chloe", "dev", "emi", "farah", "gus", "hana"],
        ),
        (
            "Design Reviews",
            SpacePurpose::Design,
            Visibility::Workspace,
            "chloe",
            "RFCs and design proposals, reviewed in writing within three business days.",
            &["ben", "dev", "emi"],
        ),
        (
            "Ops Urgent",
            SpacePurpose::OpsUrgent,
            Visibility::Workspace,
            "dev",
            "Production problems that need an answer today.",
            &["gus", "farah"],
        ),
        (
            "Watercooler",
            SpacePurpose::Social,
            Visibility::Workspace,
            "emi",
            "Pets, plants and weekend plans.",
            &["ana", "ben", "gus"],
        ),
        (
            "Platform Team",
            SpacePurpose::Team,
            Visibility::Private,
            "chloe",
            "The Platform team's plans and check-ins.",
            &["ben", "dev", "gus"],
        ),
        (
            "Hiring Panel",
            SpacePurpose::Discussion,
            Visibility::Private,
            "ana",
            "Candidate debriefs. Confidential.",
            &["farah"],
        ),
    ];
    for (name, purpose, visibility, owner, description, members) in spaces {
        let owner = by_handle(owner).ok_or_else(|| invalid("demo owner missing"))?;
        let input = SpaceInput {
            name: DisplayName::parse(name).map_err(invalid)?,
            slug: Some(Slug::from_name(name).map_err(invalid)?),
            description: description.to_owned(),
            purpose,
            visibility,
            noise: None,
        };
        let space = super::spaces::create(app, &owner, input).await?;
        for member in members {
            let handle = Handle::parse(member).map_err(invalid)?;
            super::spaces::add_member(app, &owner, &space.space.slug, &handle, SpaceRole::Member)
                .await?;
        }
    }
    Ok(())
}

/// From, to, kind, urgency, title, body, and how many days from now it is needed by.
type DemoAsk = (
    &'static str,
    &'static str,
    AskKind,
    &'static str,
    &'static str,
    &'static str,
    Option<i64>,
);

const ASKS: [DemoAsk; 6] = [
    (
        "ben",
        "ana",
        AskKind::Review,
        "urgent",
        "Review the checkout retry policy",
        "Payments retries twice today; the RFC proposes exponential backoff with a cap. I need a yes/no on the cap.",
        None,
    ),
    (
        "dev",
        "ana",
        AskKind::Input,
        "normal",
        "Q3 capacity numbers for Platform",
        "Rough person-weeks per initiative is enough. Planning locks at the end of the week.",
        Some(4),
    ),
    (
        "ana",
        "chloe",
        AskKind::Approve,
        "design-review",
        "Approve the search indexing design",
        "Tantivy per replica, rebuilt from the event log.",
        None,
    ),
    (
        "emi",
        "ana",
        AskKind::Fyi,
        "normal",
        "Tokyo office closed on 23 December",
        "Nothing needed; plan reviews around it.",
        None,
    ),
    (
        "farah",
        "team:platform",
        AskKind::Answer,
        "normal",
        "Who owns the staging database upgrade?",
        "It is blocking the on-call runbook update.",
        None,
    ),
    (
        "ben",
        "gus",
        AskKind::Review,
        "normal",
        "Review the staging failover runbook",
        "Step 4 changed with the new load balancer; does the rollback still hold?",
        None,
    ),
];

async fn seed_asks(app: &App, people: &[Actor]) -> OpResult<()> {
    let by_handle = |handle: &str| {
        people
            .iter()
            .find(|p| p.handle == handle)
            .cloned()
            .ok_or_else(|| invalid("demo person missing"))
    };
    for (from, to, kind, urgency, title, body, needed_in_days) in ASKS {
        let input = super::asks::NewAskInput {
            to: super::asks::Recipient::parse(to)?,
            kind,
            urgency: urgency.to_owned(),
            title: title.to_owned(),
            body: body.to_owned(),
            subject: None,
        };
        let needed_by = needed_in_days.map(|days| {
            super::asks::NeededBy::At(app.now() + SignedDuration::from_hours(24 * days))
        });
        super::asks::create_needed_by(app, &by_handle(from)?, input, needed_by).await?;
    }
    Ok(())
}
