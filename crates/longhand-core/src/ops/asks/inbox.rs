//! The inbox, a page at a time: open asks waiting on the actor and open asks they wait on,
//! soonest due first (so overdue ones lead), FYIs last; the counts of each side and of its
//! overdue asks; and the latest closed asks.
//!
//! Both lists are paged together (page `n` of each), ordered and counted in SQL; the
//! parties' calendars are read once per person per page, not once per ask.

use super::super::paging::ListPage;
use super::super::{Actor, App, OpResult};
use super::{AskView, calendar_of, view_with};
use crate::store::asks::{self as store_asks, Side};
use crate::store::members as store_members;
use crate::views::asks::AskRecord;
use jiff::Timestamp;
use longhand_domain::calendar::Calendar;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// How many closed asks the inbox shows.
const RECENTLY_CLOSED: i64 = 10;

/// How many asks each list holds in all, and how many of them are overdue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InboxCounts {
    pub waiting_on_me: i64,
    pub waiting_on_me_overdue: i64,
    pub waiting_on_others: i64,
    pub waiting_on_others_overdue: i64,
}

/// One page of what waits on the actor and what they wait on.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub waiting_on_me: Vec<AskView>,
    pub waiting_on_others: Vec<AskView>,
    pub recently_closed: Vec<AskView>,
    pub counts: InboxCounts,
    pub page: ListPage,
}

impl Inbox {
    /// How many pages the longer list fills (at least one).
    pub fn pages(&self) -> i64 {
        let longest = self.counts.waiting_on_me.max(self.counts.waiting_on_others);
        ((longest + self.page.per_page - 1) / self.page.per_page).max(1)
    }

    /// Asks of a list after this page.
    pub fn after_this_page(&self, total: i64) -> i64 {
        (total - self.page.page.saturating_mul(self.page.per_page)).max(0)
    }
}

/// The actor's inbox, one page.
pub async fn inbox(app: &App, actor: &Actor, page: ListPage) -> OpResult<Inbox> {
    let now = app.now();
    let mut conn = app.store().read().await?;
    let counts = store_asks::open_counts(&mut conn, actor.id, now).await?;
    let (limit, offset) = (page.per_page, page.offset());
    let mine = store_asks::open_page(&mut conn, actor.id, Side::Responder, limit, offset).await?;
    let theirs = store_asks::open_page(&mut conn, actor.id, Side::Asker, limit, offset).await?;
    let closed = store_asks::recently_closed(&mut conn, actor.id, RECENTLY_CLOSED).await?;
    let mut views = Views::new(now);
    let people: Vec<i64> = [&mine, &theirs, &closed]
        .into_iter()
        .flatten()
        .flat_map(|ask| [ask.asker_id, ask.responder_id])
        .collect();
    views.read_calendars(&mut conn, people).await?;
    Ok(Inbox {
        waiting_on_me: views.all(&mut conn, mine).await?,
        waiting_on_others: views.all(&mut conn, theirs).await?,
        recently_closed: views.all(&mut conn, closed).await?,
        counts: InboxCounts {
            waiting_on_me: counts.on_me,
            waiting_on_me_overdue: counts.on_me_overdue,
            waiting_on_others: counts.on_others,
            waiting_on_others_overdue: counts.on_others_overdue,
        },
        page,
    })
}

/// Ask views for one page, with each person's calendar read and parsed once.
struct Views {
    now: Timestamp,
    calendars: HashMap<i64, Calendar>,
}

impl Views {
    fn new(now: Timestamp) -> Views {
        Views {
            now,
            calendars: HashMap::new(),
        }
    }

    async fn all(
        &mut self,
        conn: &mut AnyConnection,
        asks: Vec<AskRecord>,
    ) -> OpResult<Vec<AskView>> {
        let mut out = Vec::with_capacity(asks.len());
        for ask in asks {
            let responder = self.calendar(conn, ask.responder_id).await?;
            let asker = self.calendar(conn, ask.asker_id).await?;
            out.push(view_with(ask, self.now, responder, asker)?);
        }
        Ok(out)
    }

    /// Reads and parses the calendars of these people in one statement.
    async fn read_calendars(
        &mut self,
        conn: &mut AnyConnection,
        mut ids: Vec<i64>,
    ) -> OpResult<()> {
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|id| !self.calendars.contains_key(id));
        for member in store_members::by_ids(conn, &ids).await? {
            let calendar = calendar_of(&member.calendar, &member.handle)?;
            self.calendars.insert(member.id, calendar);
        }
        Ok(())
    }

    async fn calendar(&mut self, conn: &mut AnyConnection, member_id: i64) -> OpResult<Calendar> {
        if let Some(calendar) = self.calendars.get(&member_id) {
            return Ok(calendar.clone());
        }
        let member = store_members::by_id(conn, member_id).await?;
        let calendar = calendar_of(&member.calendar, &member.handle)?;
        self.calendars.insert(member_id, calendar.clone());
        Ok(calendar)
    }
}
