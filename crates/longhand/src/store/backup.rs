//! Backup and restore as a portable, line-oriented JSON dump.
//!
//! A dump is one header line and one line per row, read inside a single snapshot (a read
//! transaction on SQLite's WAL, `REPEATABLE READ` on PostgreSQL), so it is consistent while the
//! server keeps writing. Because the format names columns rather than pages, a dump taken from
//! SQLite restores into PostgreSQL and back: it doubles as the migration path when a team
//! outgrows one machine.

use super::{Dialect, Store, StoreError, StoreResult, events};
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

/// What a dump contained.
#[derive(Debug, Clone, Default)]
pub struct DumpSummary {
    pub rows: u64,
    pub chain_head_id: i64,
}

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
    pub async fn dump(
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

    /// Loads a dump into an empty, migrated database in one transaction.
    pub async fn restore(&self, input: &mut dyn BufRead) -> Result<DumpSummary, RestoreError> {
        let mut tx = self.write().await?;
        if super::members::count(&mut tx).await? > 0 || events::head(&mut tx).await?.id > 0 {
            return Err(RestoreError::NotEmpty);
        }
        let mut lines = input.lines().enumerate();
        let header = read_header(&mut lines)?;
        let mut summary = DumpSummary {
            rows: 0,
            chain_head_id: header,
        };
        for (number, line) in lines {
            let line = line.map_err(|err| {
                RestoreError::Invalid(format!("cannot read line {}: {err}", number + 1))
            })?;
            if line.trim().is_empty() {
                continue;
            }
            insert_line(&mut tx, &line, number + 1).await?;
            summary.rows += 1;
        }
        if self.dialect == Dialect::Postgres {
            reset_identities(&mut tx).await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(summary)
    }
}

/// Why a restore was refused.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("the target database is not empty; restore into a fresh data directory or database")]
    NotEmpty,
    #[error("not a Longhand backup: {0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn read_header(
    lines: &mut dyn Iterator<Item = (usize, std::io::Result<String>)>,
) -> Result<i64, RestoreError> {
    let invalid = |why: &str| RestoreError::Invalid(why.to_owned());
    let (_, first) = lines.next().ok_or_else(|| invalid("the file is empty"))?;
    let first = first.map_err(|err| RestoreError::Invalid(err.to_string()))?;
    let header: Value = serde_json::from_str(&first)
        .map_err(|_| invalid("the first line is not a backup header"))?;
    if header.get("longhand_backup") != Some(&json!(1)) {
        return Err(invalid("the first line is not a version 1 backup header"));
    }
    Ok(header
        .pointer("/chain_head/id")
        .and_then(Value::as_i64)
        .unwrap_or(0))
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
                    .ok_or_else(|| invalid(format!("{column} is not an integer")))?,
            ),
            Text if cell.is_null() => query.bind(None::<String>),
            Text => query.bind(
                cell.as_str()
                    .ok_or_else(|| invalid(format!("{column} is not text")))?
                    .to_owned(),
            ),
        };
    }
    query.execute(&mut *conn).await.map_err(StoreError::from)?;
    Ok(())
}

async fn reset_identities(conn: &mut AnyConnection) -> StoreResult<()> {
    for table in TABLES.iter().filter(|t| t.identity) {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{0}', 'id'), COALESCE((SELECT MAX(id) FROM {0}), 0) + 1, false)",
            table.name
        );
        sqlx::query(AssertSqlSafe(sql)).execute(&mut *conn).await?;
    }
    Ok(())
}
