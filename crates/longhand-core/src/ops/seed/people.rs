//! The seed's people and places: members (an admin first), teams with DRIs and charters, and
//! spaces, public and private, with their members. Small next to the content, so one
//! transaction.

use super::words::{AREAS, FIRST, LAST, ZONES};
use super::{Seeder, event};
use crate::formats::calendar_json::{CalendarJson, FocusBlockJson};
use crate::formats::charter_json::CharterJson;
use crate::ops::{OpError, OpResult, invalid};
use crate::store::seed::{
    self as store_seed, CharterRow, MemberRow, SpaceMemberRow, SpaceRow, TeamMemberRow, TeamRow,
};
use crate::store::settings;
use jiff::SignedDuration;
use longhand_domain::asks::Charter;
use longhand_domain::calendar::Calendar;
use longhand_domain::names::{Handle, Slug};
use longhand_domain::workspace::{Role, SpacePurpose, SpaceRole, Visibility};
use serde_json::json;
use std::collections::HashMap;

/// A seeded member, as the later phases need them.
pub(super) struct Person {
    pub id: i64,
    pub handle: String,
    pub role: Role,
    pub calendar: Calendar,
}

/// A seeded team.
pub(super) struct Team {
    pub id: i64,
    pub slug: String,
    pub dri: usize,
}

/// A seeded space: who is in it (indexes into `World::people`).
pub(super) struct Space {
    pub id: i64,
    pub slug: String,
    pub private: bool,
    pub members: Vec<usize>,
}

/// Everyone and everywhere, for the content phases.
pub(super) struct World {
    pub people: Vec<Person>,
    /// Indexes of members who are not guests.
    pub writers: Vec<usize>,
    pub teams: Vec<Team>,
    pub spaces: Vec<Space>,
}

/// Writes members, teams and spaces in one transaction; returns them.
pub(super) async fn seed(s: &mut Seeder<'_>, count: usize, password_hash: &str) -> OpResult<World> {
    let (members, people) = members(s, count, password_hash)?;
    let writers: Vec<usize> = (0..people.len())
        .filter(|i| people[*i].role != Role::Guest)
        .collect();
    let mut world = World {
        people,
        writers,
        teams: Vec::new(),
        spaces: Vec::new(),
    };
    let mut events = member_events(&members);
    let teams = teams(s, &mut world, &mut events);
    let spaces = spaces(s, &mut world, &mut events)?;
    let mut tx = s.app.store().write().await?;
    store_seed::insert(&mut tx, &members).await?;
    store_seed::insert(&mut tx, &teams.0).await?;
    store_seed::insert(&mut tx, &teams.1).await?;
    store_seed::insert(&mut tx, &teams.2).await?;
    store_seed::insert(&mut tx, &spaces.0).await?;
    store_seed::insert(&mut tx, &spaces.1).await?;
    settings::set(&mut tx, "setup.completed", &s.now.to_string()).await?;
    s.summary.members = members.len() as u64;
    s.summary.teams = teams.0.len() as u64;
    s.summary.spaces = spaces.0.len() as u64;
    s.summary.admin_email = members[0].email.clone();
    s.commit(tx, &events, "members, teams and spaces", count as u64)
        .await?;
    Ok(world)
}

fn members(
    s: &mut Seeder<'_>,
    count: usize,
    password_hash: &str,
) -> OpResult<(Vec<MemberRow>, Vec<Person>)> {
    let joined = s.history_start() - SignedDuration::from_hours(24 * 30);
    let mut taken: HashMap<String, u32> = HashMap::new();
    let (mut rows, mut people) = (Vec::with_capacity(count), Vec::with_capacity(count));
    for i in 0..count {
        let (name, role) = if i == 0 {
            ("Seed Admin".to_owned(), Role::Admin)
        } else {
            let name = format!("{} {}", s.words.pick(FIRST), s.words.pick(LAST));
            let role = match s.words.weighted(&[4, 88, 8]) {
                0 => Role::Admin,
                1 => Role::Member,
                _ => Role::Guest,
            };
            (name, role)
        };
        let handle = free_handle(&mut taken, if i == 0 { "admin" } else { &name })?;
        let (json, calendar) = calendar(s, i)?;
        rows.push(MemberRow {
            id: i as i64 + 1,
            email: format!("{handle}@seed.example"),
            handle: handle.clone(),
            name,
            role: role.as_str(),
            password_hash: Some(password_hash.to_owned()),
            calendar: json,
            digest_time: ["08:30", "09:00", "09:30", "16:30"][s.words.below(4)].to_owned(),
            created_at: joined,
            updated_at: joined,
        });
        people.push(Person {
            id: i as i64 + 1,
            handle,
            role,
            calendar,
        });
    }
    Ok((rows, people))
}

/// A handle from a name (transliterated), numbered when the name came up before.
fn free_handle(taken: &mut HashMap<String, u32>, name: &str) -> OpResult<String> {
    let base = Slug::from_name(name).map_err(invalid)?;
    let base: String = base.as_str().chars().take(28).collect();
    let seen = taken.entry(base.clone()).or_insert(0);
    *seen += 1;
    let raw = if *seen == 1 {
        base
    } else {
        format!("{base}-{seen}")
    };
    Ok(Handle::parse(&raw).map_err(invalid)?.as_str().to_owned())
}

/// A member's calendar in a zone of the list, with its working pattern, two holidays and
/// sometimes a focus block; the JSON text the profile page would save, and the calendar.
fn calendar(s: &mut Seeder<'_>, i: usize) -> OpResult<(String, Calendar)> {
    let (zone, hours, days) = if i == 0 {
        ZONES[6]
    } else {
        *s.words.pick(ZONES)
    };
    let mut json = CalendarJson::standard(zone);
    for ranges in json.working_hours.values_mut() {
        ranges.clear();
    }
    for day in days {
        let ranges = hours.iter().map(|r| (*r).to_owned()).collect();
        json.working_hours.insert((*day).to_owned(), ranges);
    }
    let year = s.now.to_zoned(jiff::tz::TimeZone::UTC).year();
    json.holidays = vec![format!("{year}-12-25"), format!("{}-01-01", year + 1)];
    if s.words.chance(30) {
        json.focus_blocks.push(FocusBlockJson {
            days: vec![(*s.words.pick(days)).to_owned()],
            start: hours[0][..5].to_owned(),
            end: hours[0][6..].to_owned(),
        });
    }
    let calendar = json.to_domain().map_err(OpError::Invalid)?;
    Ok((CalendarJson::text_of(&calendar), calendar))
}

fn member_events(rows: &[MemberRow]) -> Vec<super::BatchEvent> {
    let admin = rows[0].id;
    let mut events = vec![event(
        Some(admin),
        "workspace.setup",
        json!({ "admin": rows[0].handle }),
    )];
    for row in &rows[1..] {
        let payload = json!({ "handle": row.handle, "email": row.email, "role": row.role });
        events.push(event(Some(admin), "member.created", payload));
    }
    events
}

type TeamRows = (Vec<TeamRow>, Vec<TeamMemberRow>, Vec<CharterRow>);

/// A team per eight members or so, each with a DRI, three to ten members and the standard
/// charter.
fn teams(s: &mut Seeder<'_>, world: &mut World, events: &mut Vec<super::BatchEvent>) -> TeamRows {
    let count = (world.people.len() / 8).clamp(1, 60);
    let at = s.history_start() - SignedDuration::from_hours(24 * 20);
    let charter = CharterJson::text_of(&Charter::standard());
    let charter_json: serde_json::Value = serde_json::from_str(&charter).unwrap_or_default();
    let mut rows: TeamRows = (Vec::new(), Vec::new(), Vec::new());
    for t in 0..count {
        let id = t as i64 + 1;
        let name = numbered(AREAS[t % AREAS.len()], t / AREAS.len());
        let slug = slug_of(&name);
        let dri = *s.words.pick(&world.writers);
        let admin = world.people[0].id;
        rows.0.push(TeamRow {
            id,
            slug: slug.clone(),
            name: name.clone(),
            description: format!("{name} builds and runs its part of the product."),
            dri_id: world.people[dri].id,
            created_at: at,
        });
        let dri_handle = &world.people[dri].handle;
        events.push(event(
            Some(admin),
            "team.created",
            json!({ "team": slug, "name": name, "dri": dri_handle }),
        ));
        let mut members = vec![dri];
        for _ in 0..s.words.between(2, 9) {
            let member = *s.words.pick(&world.writers);
            if !members.contains(&member) {
                members.push(member);
                let handle = &world.people[member].handle;
                events.push(event(
                    Some(admin),
                    "team.member_added",
                    json!({ "team": slug, "member": handle }),
                ));
            }
        }
        for member in members {
            rows.1.push(TeamMemberRow {
                team_id: id,
                member_id: world.people[member].id,
                joined_at: at,
            });
        }
        let dri_id = world.people[dri].id;
        rows.2.push(CharterRow {
            id,
            team_id: id,
            version: 1,
            body: charter.clone(),
            author_id: Some(dri_id),
            created_at: at,
        });
        events.push(event(
            Some(dri_id),
            "charter.updated",
            json!({ "team": slug, "version": 1, "charter": charter_json }),
        ));
        world.teams.push(Team { id, slug, dri });
    }
    rows
}

/// `name`, or `name N` past the first round of the list.
fn numbered(name: &str, round: usize) -> String {
    if round == 0 {
        name.to_owned()
    } else {
        format!("{name} {}", round + 1)
    }
}

fn slug_of(name: &str) -> String {
    Slug::from_title(name).as_str().to_owned()
}

const PURPOSES: [(SpacePurpose, &str); 6] = [
    (SpacePurpose::Announcements, "News"),
    (SpacePurpose::Discussion, "Discussion"),
    (SpacePurpose::Design, "Design Reviews"),
    (SpacePurpose::OpsUrgent, "Ops"),
    (SpacePurpose::Social, "Lounge"),
    (SpacePurpose::Team, "Team"),
];

/// A space per five members or so (at least two, one of them private): 30 % private with
/// three to fifteen members, the rest open to the workspace with a good share of it in them.
fn spaces(
    s: &mut Seeder<'_>,
    world: &mut World,
    events: &mut Vec<super::BatchEvent>,
) -> OpResult<(Vec<SpaceRow>, Vec<SpaceMemberRow>)> {
    let count = (world.people.len() / 5).clamp(2, 150);
    let at = s.history_start() - SignedDuration::from_hours(24 * 10);
    let mut rows = (Vec::new(), Vec::new());
    for i in 0..count {
        let id = i as i64 + 1;
        let (purpose, word) = PURPOSES[s.words.below(PURPOSES.len())];
        let name = numbered(
            &format!("{} {word}", AREAS[i % AREAS.len()]),
            i / AREAS.len(),
        );
        let slug = slug_of(&name);
        let private = i == 1 || (i > 1 && s.words.chance(30));
        let visibility = if private {
            Visibility::Private
        } else {
            Visibility::Workspace
        };
        let creator = *s.words.pick(&world.writers);
        let creator_id = world.people[creator].id;
        rows.0.push(SpaceRow {
            id,
            slug: slug.clone(),
            name: name.clone(),
            description: format!("{}: {}", AREAS[i % AREAS.len()], purpose.describe()),
            purpose: purpose.as_str(),
            visibility: visibility.as_str(),
            noise: purpose.default_noise().as_str(),
            created_by: creator_id,
            created_at: at,
        });
        events.push(event(Some(creator_id), "space.created", json!({ "space": slug, "name": name, "visibility": visibility.as_str(), "purpose": purpose.as_str() })));
        let wanted = if private {
            s.words.between(3, 15) as usize
        } else {
            s.words.between(2, (world.people.len() / 2).max(2) as i64) as usize
        };
        let mut members = vec![creator];
        let mut in_space = vec![false; world.people.len()];
        in_space[creator] = true;
        rows.1.push(SpaceMemberRow {
            space_id: id,
            member_id: creator_id,
            role: SpaceRole::Admin.as_str(),
            joined_at: at,
        });
        for _ in 0..wanted {
            let member = s.words.below(world.people.len());
            if in_space[member] {
                continue;
            }
            in_space[member] = true;
            members.push(member);
            let person = &world.people[member];
            rows.1.push(SpaceMemberRow {
                space_id: id,
                member_id: person.id,
                role: SpaceRole::Member.as_str(),
                joined_at: at,
            });
            events.push(event(
                Some(creator_id),
                "space.member_added",
                json!({ "space": slug, "member": person.handle, "role": "member" }),
            ));
        }
        world.spaces.push(Space {
            id,
            slug,
            private,
            members,
        });
    }
    Ok(rows)
}
