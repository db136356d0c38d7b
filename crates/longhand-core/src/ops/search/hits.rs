//! The page of hits, read back from the database: each entry the index returned is loaded
//! through its own area's readable check (`documents::readable`,
//! `threads::readable_thread_among`, `asks::load_visible`, `checkins::access_to` with
//! `sees_checkins`) and dropped when that fails — the index can be a moment behind a change
//! of permissions. What a hit shows (title, space, author, status, time, snippet text)
//! comes from that load, never from the index.

use super::snippet::Highlighter;
use crate::ops::{Actor, OpError, OpResult, asks, checkins, documents, threads};
use crate::render::to_plain_text;
use crate::store::documents as store_docs;
use crate::store::members as store_members;
use crate::store::search as store;
use crate::store::teams as store_teams;
use crate::views::search::{HitKind, SearchHit};
use crate::wording;
use sqlx::AnyConnection;
use std::collections::HashMap;
use tantivy::Index;

/// Spaces by id: slug and name.
pub(crate) type SpaceNames = HashMap<i64, (String, String)>;

/// What the hit stands for, read from its key (`d:12`, `t:7`, `c:33`, `a:5`, `k:9`).
fn parse_key(key: &str) -> Option<(char, i64)> {
    let (kind, id) = key.split_once(':')?;
    Some((kind.chars().next()?, id.parse().ok()?))
}

/// Everything needed to turn keys into hits.
pub(crate) struct Loader<'a> {
    pub actor: &'a Actor,
    pub index: &'a Index,
    pub highlighter: &'a Highlighter,
    pub spaces: &'a SpaceNames,
    /// The spaces the reader can see, read once for the page's threads and comments.
    pub known: &'a threads::KnownSpaces,
}

impl Loader<'_> {
    /// The hit for `key`, or `None` when the reader may not open it (or it is gone).
    pub(crate) async fn hit(
        &self,
        conn: &mut AnyConnection,
        key: &str,
    ) -> OpResult<Option<SearchHit>> {
        let Some((kind, id)) = parse_key(key) else {
            return Ok(None);
        };
        let found = match kind {
            'd' => self.document(conn, id).await,
            't' => self.thread(conn, id).await,
            'c' => self.comment(conn, id).await,
            'a' => self.ask(conn, id).await,
            'k' => self.checkin(conn, id).await,
            _ => return Ok(None),
        };
        match found {
            Ok(hit) => Ok(Some(hit)),
            Err(OpError::NotFound(_)) => Ok(None),
            Err(err) => Err(err),
        }
    }

    fn space(&self, id: i64) -> Option<(String, String)> {
        self.spaces.get(&id).cloned()
    }

    async fn document(&self, conn: &mut AnyConnection, id: i64) -> OpResult<SearchHit> {
        let doc = store_docs::by_id(conn, self.actor.id, id)
            .await
            .map_err(crate::ops::named("document"))?;
        if !documents::readable(self.actor, &doc) {
            return Err(OpError::NotFound("document"));
        }
        let decision = doc.kind == "adr";
        // The snippet quotes the same plain text the index holds, so the marks land on the
        // words that matched.
        let text = if doc.body.trim().is_empty() {
            doc.intent.clone()
        } else {
            to_plain_text(&doc.body)
        };
        Ok(SearchHit {
            kind: if decision {
                HitKind::Decision
            } else {
                HitKind::Document
            },
            href: if decision {
                format!("/decisions/{}", doc.slug)
            } else {
                format!("/docs/{}", doc.slug)
            },
            snippet: self.highlighter.snippet(self.index, &text),
            space: Some((doc.space_slug, doc.space_name)),
            author: Some(doc.owner_handle),
            status: Some(doc.status),
            at: doc.updated_at,
            title: doc.title,
        })
    }

    async fn thread(&self, conn: &mut AnyConnection, id: i64) -> OpResult<SearchHit> {
        let thread = threads::readable_thread_among(conn, self.actor, id, self.known).await?;
        let text = store::first_comment(conn, id)
            .await?
            .map_or_else(String::new, |c| to_plain_text(&c.body));
        Ok(SearchHit {
            kind: HitKind::Thread,
            href: format!("/threads/{id}"),
            snippet: self.highlighter.snippet(self.index, &text),
            space: self.space(thread.space_id),
            author: Some(thread.author_handle),
            status: Some(
                if thread.resolved_at.is_some() {
                    "resolved"
                } else {
                    "open"
                }
                .to_owned(),
            ),
            at: thread.last_activity_at,
            title: thread.title,
        })
    }

    async fn comment(&self, conn: &mut AnyConnection, id: i64) -> OpResult<SearchHit> {
        let (comment, author) = store::comment(conn, id)
            .await?
            .ok_or(OpError::NotFound("comment"))?;
        let thread =
            threads::readable_thread_among(conn, self.actor, comment.thread_id, self.known).await?;
        Ok(SearchHit {
            kind: HitKind::Comment,
            href: format!("/threads/{}#c{id}", comment.thread_id),
            snippet: self
                .highlighter
                .snippet(self.index, &to_plain_text(&comment.body)),
            space: self.space(thread.space_id),
            author: Some(author),
            status: None,
            at: comment.created_at,
            title: thread.title,
        })
    }

    async fn ask(&self, conn: &mut AnyConnection, id: i64) -> OpResult<SearchHit> {
        let ask = asks::load_visible(conn, self.actor, id).await?;
        let at = ask
            .responded_at
            .map_or(ask.created_at, |r| r.max(ask.created_at));
        Ok(SearchHit {
            kind: HitKind::Ask,
            href: format!("/asks/{id}"),
            snippet: self.highlighter.snippet(self.index, &ask.body),
            space: None,
            author: Some(ask.asker_handle),
            status: Some(ask.state),
            at,
            title: ask.title,
        })
    }

    /// A check-in, for whoever sees its team's check-ins (its members, its DRI, admins) —
    /// the rule of its page, `ops::checkins::one`. Anyone else is told "not found".
    async fn checkin(&self, conn: &mut AnyConnection, id: i64) -> OpResult<SearchHit> {
        let item = store::checkin_by_id(conn, id)
            .await?
            .ok_or(OpError::NotFound("check-in"))?;
        let team = store_teams::by_id(conn, item.team_id)
            .await
            .map_err(crate::ops::named("check-in"))?;
        let access = checkins::access_to(conn, self.actor, team).await?;
        if !access.sees_checkins(self.actor) {
            return Err(OpError::NotFound("check-in"));
        }
        let member = store_members::by_id(conn, item.member_id).await?;
        let date: jiff::civil::Date = item
            .period_date
            .parse()
            .map_err(|_| OpError::NotFound("check-in"))?;
        Ok(SearchHit {
            kind: HitKind::Checkin,
            href: checkins::checkin_link(&access.team.slug, &member.handle, date),
            snippet: self.highlighter.snippet(self.index, &item.text()),
            space: None,
            title: format!(
                "{}\u{2019}s check-in, {}, {}",
                member.name,
                access.team.name,
                wording::day(date)
            ),
            author: Some(member.handle),
            status: None,
            at: item.updated_at,
        })
    }
}
