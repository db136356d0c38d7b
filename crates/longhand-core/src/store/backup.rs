//! Backup and restore as a portable, line-oriented JSON dump.
//!
//! A dump is one header line and one line per row, read inside a single snapshot (a read
//! transaction on SQLite's WAL, `REPEATABLE READ` on PostgreSQL), so it is consistent while the
//! server keeps writing. Because the format names columns rather than pages, a dump taken from
//! SQLite restores into PostgreSQL and back: it doubles as the migration path when a team
//! outgrows one machine.

use super::events;
use super::{Dialect, Store, StoreError, StoreResult};
use crate::views::backup::{DumpSummary, RestoreError};
use crate::views::events::ChainHead;
use serde_json::{Map, Value, json};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use std::io::{BufRead, Write};

/// A column's type in the dump.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Int,
    Text,
}

struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
    /// Whether the table's id comes from an identity sequence that must be moved past the
    /// restored rows on PostgreSQL.
    identity: bool,
}

use Kind::{Int, Text};

/// Tables in an order that satisfies foreign keys. Sessions and failed logins are left out on
/// purpose: a restored workspace starts with everyone signed out.
const TABLES: &[Table] = &[
    Table {
        name: "members",
        columns: &[
            ("id", Int),
            ("handle", Text),
            ("email", Text),
            ("name", Text),
            ("role", Text),
            ("password_hash", Text),
            ("calendar", Text),
            ("digest_time", Text),
            ("active", Int),
            ("created_at", Int),
            ("updated_at", Int),
            ("dnd_until", Int),
        ],
        identity: true,
    },
    Table {
        name: "settings",
        columns: &[("key", Text), ("value", Text)],
        identity: false,
    },
    Table {
        name: "api_tokens",
        columns: &[
            ("id", Int),
            ("member_id", Int),
            ("name", Text),
            ("token_hash", Text),
            ("prefix", Text),
            ("created_at", Int),
            ("last_used_at", Int),
            ("revoked_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "teams",
        columns: &[
            ("id", Int),
            ("slug", Text),
            ("name", Text),
            ("description", Text),
            ("dri_id", Int),
            ("created_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "team_members",
        columns: &[("team_id", Int), ("member_id", Int), ("joined_at", Int)],
        identity: false,
    },
    Table {
        name: "spaces",
        columns: &[
            ("id", Int),
            ("slug", Text),
            ("name", Text),
            ("description", Text),
            ("purpose", Text),
            ("visibility", Text),
            ("noise", Text),
            ("created_by", Int),
            ("created_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "space_members",
        columns: &[
            ("space_id", Int),
            ("member_id", Int),
            ("role", Text),
            ("joined_at", Int),
        ],
        identity: false,
    },
    Table {
        name: "charters",
        columns: &[
            ("id", Int),
            ("team_id", Int),
            ("version", Int),
            ("body", Text),
            ("author_id", Int),
            ("created_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "asks",
        columns: &[
            ("id", Int),
            ("asker_id", Int),
            ("responder_id", Int),
            ("team_id", Int),
            ("kind", Text),
            ("urgency", Text),
            ("target", Text),
            ("counts_urgent", Int),
            ("title", Text),
            ("body", Text),
            ("subject", Text),
            ("state", Text),
            ("created_at", Int),
            ("remind_at", Int),
            ("due_at", Int),
            ("responded_at", Int),
            ("response", Text),
            ("comment", Text),
            ("needed_by", Int),
            ("routed_from_id", Int),
            ("routed_away_until", Text),
        ],
        identity: true,
    },
    Table {
        name: "jobs",
        columns: &[
            ("id", Int),
            ("kind", Text),
            ("payload", Text),
            ("run_at", Int),
            ("dedupe_key", Text),
            ("attempts", Int),
            ("last_error", Text),
            ("locked_by", Text),
            ("locked_until", Int),
            ("done_at", Int),
            ("created_at", Int),
            ("dead_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "notifications",
        columns: &[
            ("id", Int),
            ("member_id", Int),
            ("kind", Text),
            ("title", Text),
            ("body", Text),
            ("link", Text),
            ("dedupe_key", Text),
            ("created_at", Int),
            ("read_at", Int),
            ("urgency", Text),
            ("space_id", Int),
            ("subject", Text),
            ("route", Text),
            ("deliver_at", Int),
            ("snoozed_until", Int),
            ("cleared_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "documents",
        columns: &[
            ("id", Int),
            ("slug", Text),
            ("space_id", Int),
            ("kind", Text),
            ("title", Text),
            ("owner_id", Int),
            ("intent", Text),
            ("classification", Text),
            ("status", Text),
            ("tags", Text),
            ("fields", Text),
            ("body", Text),
            ("revision", Int),
            ("parent_id", Int),
            ("position", Int),
            ("source_thread_id", Int),
            ("created_at", Int),
            ("updated_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "revisions",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("number", Int),
            ("author_id", Int),
            ("created_at", Int),
            ("title", Text),
            ("intent", Text),
            ("classification", Text),
            ("status", Text),
            ("owner_id", Int),
            ("tags", Text),
            ("fields", Text),
            ("body", Text),
            ("note", Text),
        ],
        identity: true,
    },
    Table {
        name: "document_readers",
        columns: &[("document_id", Int), ("member_id", Int)],
        identity: false,
    },
    Table {
        name: "share_requests",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("space_id", Int),
            ("requested_by", Int),
            ("reason", Text),
            ("state", Text),
            ("decided_by", Int),
            ("decided_at", Int),
            ("created_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "document_shares",
        columns: &[("document_id", Int), ("space_id", Int), ("request_id", Int)],
        identity: false,
    },
    Table {
        name: "threads",
        columns: &[
            ("id", Int),
            ("space_id", Int),
            ("document_id", Int),
            ("anchor", Text),
            ("anchor_text", Text),
            ("title", Text),
            ("created_by", Int),
            ("created_at", Int),
            ("last_activity_at", Int),
            ("resolved_at", Int),
            ("resolved_by", Int),
            ("elevated_to", Int),
        ],
        identity: true,
    },
    Table {
        name: "comments",
        columns: &[
            ("id", Int),
            ("thread_id", Int),
            ("author_id", Int),
            ("body", Text),
            ("created_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "doc_links",
        columns: &[
            ("to_document_id", Int),
            ("from_document_id", Int),
            ("from_thread_id", Int),
        ],
        identity: false,
    },
    Table {
        name: "space_templates",
        columns: &[
            ("id", Int),
            ("space_id", Int),
            ("kind", Text),
            ("source", Text),
            ("created_by", Int),
            ("created_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "meeting_calendars",
        columns: &[
            ("id", Int),
            ("name", Text),
            ("uploaded_by", Int),
            ("uploaded_at", Int),
            ("bytes", Int),
            ("series", Int),
            ("skipped", Int),
            ("body", Text),
            ("owner_id", Int),
            ("problem_count", Int),
            ("problems", Text),
        ],
        identity: true,
    },
    Table {
        name: "calendar_feeds",
        columns: &[
            ("member_id", Int),
            ("url", Text),
            ("created_at", Int),
            ("next_poll_at", Int),
            ("last_attempt_at", Int),
            ("fetched_at", Int),
            ("body", Text),
            ("body_hash", Text),
            ("bytes", Int),
            ("series", Int),
            ("failures", Int),
            ("last_error", Text),
            ("problem_count", Int),
            ("problems", Text),
        ],
        identity: false,
    },
    Table {
        name: "meeting_purposes",
        columns: &[
            ("series", Text),
            ("purpose", Text),
            ("set_by", Int),
            ("set_at", Int),
        ],
        identity: false,
    },
    Table {
        name: "planned_meetings",
        columns: &[
            ("id", Int),
            ("title", Text),
            ("space_id", Int),
            ("organiser_id", Int),
            ("starts_at", Int),
            ("minutes", Int),
            ("agenda_id", Int),
            ("outcome_id", Int),
            ("outcome_recorded_at", Int),
            ("flagged_at", Int),
            ("cancelled_at", Int),
            ("created_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "planned_meeting_people",
        columns: &[
            ("meeting_id", Int),
            ("member_id", Int),
            ("invited", Int),
            ("attending", Int),
            ("changed_at", Int),
        ],
        identity: false,
    },
    Table {
        name: "planned_meeting_decisions",
        columns: &[
            ("meeting_id", Int),
            ("decision_key", Text),
            ("document_id", Int),
            ("created_at", Int),
        ],
        identity: false,
    },
    Table {
        name: "review_rounds",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("number", Int),
            ("owner_id", Int),
            ("team_id", Int),
            ("state", Text),
            ("reversibility", Text),
            ("category", Text),
            ("window_text", Text),
            ("opened_at", Int),
            ("closes_at", Int),
            ("closing_soon_at", Int),
            ("closed_at", Int),
            ("closed_early", Int),
            ("decided_at", Int),
            ("outcome", Text),
            ("decision_id", Int),
        ],
        identity: true,
    },
    Table {
        name: "review_participants",
        columns: &[
            ("round_id", Int),
            ("member_id", Int),
            ("role", Text),
            ("via_team", Text),
            ("ask_id", Int),
            ("verdict", Text),
            ("reason", Text),
            ("answered_at", Int),
        ],
        identity: false,
    },
    Table {
        name: "review_questions",
        columns: &[
            ("id", Int),
            ("round_id", Int),
            ("raised_by", Int),
            ("question", Text),
            ("raised_at", Int),
            ("deadline", Int),
            ("answer", Text),
            ("answered_by", Int),
            ("answered_at", Int),
            ("expired_at", Int),
            ("ask_id", Int),
        ],
        identity: true,
    },
    Table {
        name: "review_tie_breaks",
        columns: &[
            ("round_id", Int),
            ("dri_id", Int),
            ("outcome", Text),
            ("reason", Text),
            ("created_at", Int),
        ],
        identity: false,
    },
    Table {
        name: "sync_suggestions",
        columns: &[
            ("id", Int),
            ("subject_key", Text),
            ("thread_id", Int),
            ("document_id", Int),
            ("round_id", Int),
            ("reason", Text),
            ("state", Text),
            ("created_at", Int),
            ("closed_by", Int),
            ("closed_at", Int),
            ("settled_after", Int),
        ],
        identity: true,
    },
    Table {
        name: "sync_people",
        columns: &[
            ("suggestion_id", Int),
            ("member_id", Int),
            ("position", Int),
        ],
        identity: false,
    },
    Table {
        name: "sync_calls",
        columns: &[
            ("id", Int),
            ("suggestion_id", Int),
            ("recorded_by", Int),
            ("held_at", Int),
            ("note", Text),
            ("owner_id", Int),
            ("ask_id", Int),
            ("outcome", Text),
            ("outcome_by", Int),
            ("outcome_at", Int),
            ("outcome_comment_id", Int),
            ("created_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "sync_call_people",
        columns: &[("call_id", Int), ("member_id", Int), ("position", Int)],
        identity: false,
    },
    Table {
        name: "space_noise_overrides",
        columns: &[
            ("member_id", Int),
            ("space_id", Int),
            ("noise", Text),
            ("updated_at", Int),
        ],
        identity: false,
    },
    Table {
        name: "space_follows",
        columns: &[("space_id", Int), ("member_id", Int), ("created_at", Int)],
        identity: false,
    },
    Table {
        name: "document_follows",
        columns: &[
            ("document_id", Int),
            ("member_id", Int),
            ("created_at", Int),
        ],
        identity: false,
    },
    Table {
        name: "member_channels",
        columns: &[
            ("id", Int),
            ("member_id", Int),
            ("kind", Text),
            ("target", Text),
            ("secret", Text),
            ("urgent", Int),
            ("digest", Int),
            ("paused_at", Int),
            ("removed_at", Int),
            ("created_at", Int),
            ("updated_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "deliveries",
        columns: &[
            ("id", Int),
            ("member_id", Int),
            ("channel_id", Int),
            ("kind", Text),
            ("target", Text),
            ("idempotency_key", Text),
            ("message_key", Text),
            ("class", Text),
            ("subject", Text),
            ("text", Text),
            ("html", Text),
            ("link", Text),
            ("thread", Text),
            ("state", Text),
            ("attempts", Int),
            ("last_error", Text),
            ("run_at", Int),
            ("created_at", Int),
            ("sent_at", Int),
            ("dead_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "digest_schedules",
        columns: &[("member_id", Int), ("next_at", Int), ("updated_at", Int)],
        identity: false,
    },
    Table {
        name: "digests",
        columns: &[
            ("id", Int),
            ("member_id", Int),
            ("at", Int),
            ("sent_at", Int),
            ("headline", Text),
            ("item_count", Int),
            ("items", Text),
        ],
        identity: true,
    },
    Table {
        name: "digest_items",
        columns: &[("member_id", Int), ("key", Text), ("digest_id", Int)],
        identity: false,
    },
    Table {
        name: "checkin_schedules",
        columns: &[
            ("team_id", Int),
            ("cadence", Text),
            ("weekday", Text),
            ("local_time", Text),
            ("escalate_after_minutes", Int),
            ("version", Int),
            ("since", Int),
            ("updated_by", Int),
            ("updated_at", Int),
        ],
        identity: false,
    },
    Table {
        name: "checkins",
        columns: &[
            ("id", Int),
            ("team_id", Int),
            ("member_id", Int),
            ("period_date", Text),
            ("opens_at", Int),
            ("due_at", Int),
            ("done_text", Text),
            ("next_text", Text),
            ("note_text", Text),
            ("late", Int),
            ("created_at", Int),
            ("updated_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "blockers",
        columns: &[
            ("id", Int),
            ("team_id", Int),
            ("checkin_id", Int),
            ("reporter_id", Int),
            ("owner_id", Int),
            ("body", Text),
            ("state", Text),
            ("opened_at", Int),
            ("resolved_at", Int),
            ("resolved_by", Int),
            ("resolution", Text),
            ("business_seconds", Int),
            ("escalated", Int),
        ],
        identity: true,
    },
    Table {
        name: "checkin_help",
        columns: &[
            ("checkin_id", Int),
            ("member_id", Int),
            ("question", Text),
            ("ask_id", Int),
        ],
        identity: false,
    },
    Table {
        name: "events",
        columns: &[
            ("id", Int),
            ("actor_id", Int),
            ("at", Int),
            ("kind", Text),
            ("payload", Text),
            ("prev_hash", Text),
            ("hash", Text),
        ],
        identity: false,
    },
];

fn column_list(table: &Table) -> String {
    table
        .columns
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn cell(row: &AnyRow, index: usize, kind: Kind) -> StoreResult<Value> {
    Ok(match kind {
        Int => row
            .try_get::<Option<i64>, _>(index)?
            .map_or(Value::Null, Value::from),
        Text => row
            .try_get::<Option<String>, _>(index)?
            .map_or(Value::Null, Value::from),
    })
}

async fn dump_table(
    conn: &mut AnyConnection,
    table: &Table,
    out: &mut dyn Write,
) -> StoreResult<u64> {
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {}",
        column_list(table),
        table.name,
        table.columns[0].0
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    for row in &rows {
        let mut object = Map::new();
        for (index, (name, kind)) in table.columns.iter().enumerate() {
            object.insert((*name).to_owned(), cell(row, index, *kind)?);
        }
        let line = json!({ "table": table.name, "row": object });
        writeln!(out, "{line}").map_err(|err| StoreError::Other(err.into()))?;
    }
    Ok(rows.len() as u64)
}

impl Store {
    /// Writes a consistent dump of the workspace to `out`.
    pub(crate) async fn dump(
        &self,
        created_at: jiff::Timestamp,
        out: &mut dyn Write,
    ) -> StoreResult<DumpSummary> {
        let begin = match self.dialect {
            Dialect::Sqlite => "BEGIN",
            Dialect::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        };
        let mut tx = self.read.begin_with(begin).await?;
        let head = events::head(&mut tx).await?;
        let header = json!({
            "longhand_backup": 1,
            "created_at": created_at.to_string(),
            "source": self.dialect.name(),
            "chain_head": { "id": head.id, "hash": head.hash },
        });
        writeln!(out, "{header}").map_err(|err| StoreError::Other(err.into()))?;
        let mut summary = DumpSummary {
            rows: 0,
            chain_head_id: head.id,
        };
        for table in TABLES {
            summary.rows += dump_table(&mut tx, table, out).await?;
        }
        tx.rollback().await?;
        Ok(summary)
    }

    /// Loads a dump into an empty, migrated database, all or nothing.
    ///
    /// Everything happens in one transaction, and the restored event chain is verified and
    /// compared with the header's chain head *before* it commits: a truncated or edited file
    /// leaves the target as empty as it was, so the operator can fix the file and run the
    /// restore again.
    pub(crate) async fn restore(
        &self,
        input: &mut dyn BufRead,
    ) -> Result<DumpSummary, RestoreError> {
        let mut tx = self.write().await?;
        if super::members::count(&mut tx).await? > 0 || events::head(&mut tx).await?.id > 0 {
            return Err(RestoreError::NotEmpty);
        }
        let mut lines = input.lines().enumerate();
        let expected = read_header(&mut lines)?;
        let mut rows = 0;
        for (number, line) in lines {
            let line = line.map_err(|err| {
                RestoreError::Invalid(format!("cannot read line {}: {err}", number + 1))
            })?;
            if line.trim().is_empty() {
                continue;
            }
            insert_line(&mut tx, &line, number + 1).await?;
            rows += 1;
        }
        if self.dialect == Dialect::Postgres {
            reset_identities(&mut tx).await?;
            analyze(&mut tx).await?;
        }
        check_chain(&mut tx, &expected).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(DumpSummary {
            rows,
            chain_head_id: expected.id,
        })
    }
}

impl From<StoreError> for RestoreError {
    fn from(err: StoreError) -> RestoreError {
        RestoreError::Database(err.into())
    }
}

/// The chain head a backup's header promises.
fn read_header(
    lines: &mut dyn Iterator<Item = (usize, std::io::Result<String>)>,
) -> Result<ChainHead, RestoreError> {
    let invalid = |why: &str| RestoreError::Invalid(why.to_owned());
    let (_, first) = lines.next().ok_or_else(|| invalid("the file is empty"))?;
    let first = first.map_err(|err| RestoreError::Invalid(err.to_string()))?;
    let header: Value = serde_json::from_str(&first)
        .map_err(|_| invalid("the first line is not a backup header"))?;
    if header.get("longhand_backup") != Some(&json!(1)) {
        return Err(invalid("the first line is not a version 1 backup header"));
    }
    let id = header.pointer("/chain_head/id").and_then(Value::as_i64);
    let hash = header.pointer("/chain_head/hash").and_then(Value::as_str);
    match (id, hash) {
        (Some(id), Some(hash)) if id >= 0 => Ok(ChainHead {
            id,
            hash: hash.to_owned(),
            at: None,
        }),
        _ => Err(invalid(
            "the header has no chain head (id and hash), so the file cannot be checked",
        )),
    }
}

/// Verifies the restored chain inside the restore's transaction and compares its head with
/// the header's: a file cut after any line, or with event lines removed, ends early.
async fn check_chain(conn: &mut AnyConnection, expected: &ChainHead) -> Result<(), RestoreError> {
    let mismatch = |found: String| RestoreError::Chain {
        expected: expected.id,
        found,
    };
    let head = match events::verify(conn).await? {
        Ok(head) => head,
        Err(chain_break) => {
            return Err(mismatch(format!(
                "the chain it holds is broken at entry {}: {}",
                chain_break.id, chain_break.reason
            )));
        }
    };
    if head.id != expected.id {
        return Err(mismatch(format!("the file holds {} entries", head.id)));
    }
    if head.hash != expected.hash {
        return Err(mismatch(format!(
            "entry {} has hash {} instead of {}",
            head.id, head.hash, expected.hash
        )));
    }
    Ok(())
}

async fn insert_line(
    conn: &mut AnyConnection,
    line: &str,
    number: usize,
) -> Result<(), RestoreError> {
    let invalid = |why: String| RestoreError::Invalid(format!("line {number}: {why}"));
    let value: Value = serde_json::from_str(line).map_err(|err| invalid(err.to_string()))?;
    let name = value
        .get("table")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let table = TABLES
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| invalid(format!("unknown table \"{name}\"")))?;
    let row = value
        .get("row")
        .and_then(Value::as_object)
        .ok_or_else(|| invalid("no row".to_owned()))?;
    let refuse = |reason: String| RestoreError::Row {
        line: number,
        table: table.name,
        key: key_of(table, row),
        reason,
    };
    let placeholders: Vec<String> = (1..=table.columns.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        table.name,
        column_list(table),
        placeholders.join(", ")
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for (column, kind) in table.columns {
        let cell = row.get(*column).unwrap_or(&Value::Null);
        query = match kind {
            Int if cell.is_null() => query.bind(None::<i64>),
            Int => query.bind(
                cell.as_i64()
                    .ok_or_else(|| refuse(format!("{column} is not an integer")))?,
            ),
            Text if cell.is_null() => query.bind(None::<String>),
            Text => {
                query.bind(storable_text(cell).map_err(|why| refuse(format!("{column} {why}")))?)
            }
        };
    }
    query
        .execute(&mut *conn)
        .await
        .map_err(|err| refuse(StoreError::from(err).to_string()))?;
    Ok(())
}

/// A text cell as it can be stored on both databases. PostgreSQL cannot hold U+0000 in text,
/// so such a cell is refused here, on either target, before the database answers with an
/// encoding error that names no row. (Workspaces refuse NUL on input since this check exists;
/// an older SQLite workspace may still hold one.)
fn storable_text(cell: &Value) -> Result<String, &'static str> {
    let text = cell.as_str().ok_or("is not text")?;
    if text.contains('\0') {
        return Err("contains a NUL character (U+0000), which PostgreSQL cannot store");
    }
    Ok(text.to_owned())
}

/// How a row is named in an error: its `id`, or its first two columns for link tables.
fn key_of(table: &Table, row: &Map<String, Value>) -> String {
    let count = if table.columns[0].0 == "id" { 1 } else { 2 };
    table
        .columns
        .iter()
        .take(count)
        .map(|(name, _)| format!("{name}={}", row.get(*name).unwrap_or(&Value::Null)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Gathers PostgreSQL's planner statistics for every table. After a bulk load the tables
/// hold far more rows than the statistics say (autovacuum catches up only later), and the
/// planner picks nested loops over millions of rows: a freshly seeded or restored workspace
/// timed out on its document list until this ran.
pub(crate) async fn analyze(conn: &mut AnyConnection) -> StoreResult<()> {
    sqlx::query("ANALYZE").execute(&mut *conn).await?;
    Ok(())
}

pub(crate) async fn reset_identities(conn: &mut AnyConnection) -> StoreResult<()> {
    for table in TABLES.iter().filter(|t| t.identity) {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{0}', 'id'), COALESCE((SELECT MAX(id) FROM {0}), 0) + 1, false)",
            table.name
        );
        sqlx::query(AssertSqlSafe(sql)).execute(&mut *conn).await?;
    }
    Ok(())
}
