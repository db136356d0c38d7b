//! The rows `longhand seed` writes in bulk, one struct per table, and the checks around them.
//!
//! A seed fills an empty workspace, so it gives every row its id itself (1, 2, 3, … per
//! table) and links rows by those ids without reading anything back; on PostgreSQL the
//! identity sequences are then moved past them ([`finish`]), as a restore does. Each struct's
//! field names are its table's column names, in the order they are bound.

use super::bulk::{self, BulkRow, Cell};
use super::{Dialect, StoreResult, micros};
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;

/// A value the bulk insert can bind.
trait ToCell {
    fn cell(&self) -> Cell<'_>;
}

impl ToCell for i64 {
    fn cell(&self) -> Cell<'_> {
        Cell::Int(Some(*self))
    }
}

impl ToCell for Option<i64> {
    fn cell(&self) -> Cell<'_> {
        Cell::Int(*self)
    }
}

impl ToCell for bool {
    fn cell(&self) -> Cell<'_> {
        Cell::Int(Some(i64::from(*self)))
    }
}

impl ToCell for String {
    fn cell(&self) -> Cell<'_> {
        Cell::Text(Some(self))
    }
}

impl ToCell for Option<String> {
    fn cell(&self) -> Cell<'_> {
        Cell::Text(self.as_deref())
    }
}

impl ToCell for &'static str {
    fn cell(&self) -> Cell<'_> {
        Cell::Text(Some(self))
    }
}

impl ToCell for Timestamp {
    fn cell(&self) -> Cell<'_> {
        Cell::Int(Some(micros(*self)))
    }
}

impl ToCell for Option<Timestamp> {
    fn cell(&self) -> Cell<'_> {
        Cell::Int(self.map(micros))
    }
}

/// Declares a row struct whose fields are its table's columns.
macro_rules! rows {
    ($($(#[$meta:meta])* $name:ident => $table:literal { $($field:ident: $ty:ty),+ $(,)? })+) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone)]
            pub(crate) struct $name { $(pub $field: $ty),+ }

            impl BulkRow for $name {
                const TABLE: &'static str = $table;
                const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),+];
                fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
                    $(out.push(self.$field.cell());)+
                }
            }
        )+
    };
}

rows! {
    /// A member; `calendar` is the calendar JSON the profile page saves.
    MemberRow => "members" {
        id: i64, handle: String, email: String, name: String, role: &'static str,
        password_hash: Option<String>, calendar: String, digest_time: String,
        created_at: Timestamp, updated_at: Timestamp,
    }
    /// A team.
    TeamRow => "teams" {
        id: i64, slug: String, name: String, description: String, dri_id: i64,
        created_at: Timestamp,
    }
    /// A member of a team.
    TeamMemberRow => "team_members" { team_id: i64, member_id: i64, joined_at: Timestamp }
    /// A version of a team's charter (its JSON).
    CharterRow => "charters" {
        id: i64, team_id: i64, version: i64, body: String, author_id: Option<i64>,
        created_at: Timestamp,
    }
    /// A space.
    SpaceRow => "spaces" {
        id: i64, slug: String, name: String, description: String, purpose: &'static str,
        visibility: &'static str, noise: &'static str, created_by: i64, created_at: Timestamp,
    }
    /// A member of a space.
    SpaceMemberRow => "space_members" {
        space_id: i64, member_id: i64, role: &'static str, joined_at: Timestamp,
    }
    /// A document as its newest revision left it; `tags` and `fields` are their JSON.
    DocumentRow => "documents" {
        id: i64, slug: String, space_id: i64, kind: &'static str, title: String,
        owner_id: i64, intent: String, classification: &'static str, status: &'static str,
        tags: String, fields: String, body: String, revision: i64, position: i64,
        created_at: Timestamp, updated_at: Timestamp,
    }
    /// One revision of a document.
    RevisionRow => "revisions" {
        document_id: i64, number: i64, author_id: i64, created_at: Timestamp, title: String,
        intent: String, classification: &'static str, status: &'static str, owner_id: i64,
        tags: String, fields: String, body: String, note: String,
    }
    /// A named reader of a restricted document.
    ReaderRow => "document_readers" { document_id: i64, member_id: i64 }
    /// A comment thread on a document, or a topic thread in a space.
    ThreadRow => "threads" {
        id: i64, space_id: i64, document_id: Option<i64>, title: String, created_by: i64,
        created_at: Timestamp, last_activity_at: Timestamp, resolved_at: Option<Timestamp>,
        resolved_by: Option<i64>,
    }
    /// A comment.
    CommentRow => "comments" {
        id: i64, thread_id: i64, author_id: i64, body: String, created_at: Timestamp,
    }
    /// An ask, open or closed.
    AskRow => "asks" {
        id: i64, asker_id: i64, responder_id: i64, team_id: Option<i64>, kind: &'static str,
        urgency: String, target: String, counts_urgent: bool, title: String, body: String,
        state: &'static str, created_at: Timestamp, remind_at: Option<Timestamp>,
        due_at: Option<Timestamp>, responded_at: Option<Timestamp>,
        response: Option<String>, comment: Option<String>, needed_by: Option<Timestamp>,
    }
}

/// Inserts rows of one table with multi-row statements.
pub(crate) async fn insert<R: BulkRow>(conn: &mut AnyConnection, rows: &[R]) -> StoreResult<()> {
    bulk::insert(conn, rows).await
}

/// Whether the workspace has no member and no document, so a seed may fill it.
pub(crate) async fn workspace_is_empty(conn: &mut AnyConnection) -> StoreResult<bool> {
    let row =
        sqlx::query("SELECT (SELECT COUNT(*) FROM members) + (SELECT COUNT(*) FROM documents)")
            .fetch_one(&mut *conn)
            .await?;
    Ok(row.try_get::<i64, _>(0)? == 0)
}

/// After the last batch: on PostgreSQL, moves every identity sequence past the ids the seed
/// gave, so the next row the application inserts gets a free one, and gathers the planner's
/// statistics (see [`super::backup::analyze`]).
pub(crate) async fn finish(conn: &mut AnyConnection, dialect: Dialect) -> StoreResult<()> {
    if dialect == Dialect::Postgres {
        super::backup::reset_identities(conn).await?;
        super::backup::analyze(conn).await?;
    }
    Ok(())
}
