//! The demo's check-ins: every team checks in daily, and a few people have answered the
//! period they are in, one of them blocked (Ben waits on Chloé), so the team page, the
//! check-in form and the manager's blocker view have something to show at once.
//!
//! The schedules took effect a week before the demo was seeded, so each person has a current
//! period whatever the hour. Someone whose zone puts them before their first prompt (or who
//! is away) has no period; their answer is left out rather than failing the seed.

use super::super::checkins::{
    CadenceChoice, CheckinInput, ScheduleInput, answer, save_schedule, team_access,
};
use super::super::{Actor, App, OpError, OpResult, commit};
use jiff::SignedDuration;
use jiff::civil::{Time, Weekday};
use longhand_domain::checkins::NamedBlocker;

/// Team slug and local prompt time.
const SCHEDULES: [(&str, i8, i8); 3] = [
    ("platform", 9, 30),
    ("product", 10, 0),
    ("infra-on-call", 9, 0),
];

/// Seeds the schedules and the answers. `people` is in the demo's order: ana, ben, chloe, …
pub(super) async fn seed(app: &App, people: &[Actor]) -> OpResult<()> {
    let who = |handle: &str| {
        people
            .iter()
            .find(|p| p.handle == handle)
            .unwrap_or(&people[0])
    };
    for (slug, hour, minute) in SCHEDULES {
        schedule(app, who("ana"), slug, Time::constant(hour, minute, 0, 0)).await?;
    }
    let ben = CheckinInput {
        done: "Moved the build cache to the new bucket; CI is 3 minutes faster.".into(),
        next: "Wire the integration tests to the private network.".into(),
        blockers: vec![
            NamedBlocker::new("Need credentials for the staging database", "chloe")
                .map_err(super::super::invalid)?,
        ],
        ..CheckinInput::default()
    };
    let dev = CheckinInput {
        done: "Reviewed the runner images; patched the base image.".into(),
        next: "Draft the preview-environment cost estimate.".into(),
        ..CheckinInput::default()
    };
    let farah = CheckinInput {
        done: "Interviewed three customers about onboarding.".into(),
        next: "Write up the findings as a brief.".into(),
        note: "Out early on Friday.".into(),
        ..CheckinInput::default()
    };
    for (person, slug, input) in [
        ("ben", "platform", ben),
        ("dev", "platform", dev),
        ("farah", "product", farah),
    ] {
        match answer(app, who(person), slug, input).await {
            Ok(_) | Err(OpError::Conflict(_)) => {}
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

async fn schedule(app: &App, admin: &Actor, slug: &str, at: Time) -> OpResult<()> {
    let mut tx = app.store().write().await?;
    let access = team_access(&mut tx, admin, slug).await?;
    let input = ScheduleInput {
        cadence: CadenceChoice::Daily,
        weekday: Weekday::Monday,
        at,
        escalate_after_hours: 24,
    };
    let since = app.now() - SignedDuration::from_hours(7 * 24);
    save_schedule(app, &mut tx, admin, &access, &input, since).await?;
    commit(tx).await
}
