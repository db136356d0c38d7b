//! What a backup dump contained, and why a restore was refused.

/// What a dump contained.
#[derive(Debug, Clone, Default)]
pub struct DumpSummary {
    pub rows: u64,
    pub chain_head_id: i64,
}

/// Why a restore was refused. Whatever the reason, nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("the target database is not empty; restore into a fresh data directory or database")]
    NotEmpty,
    #[error("not a Longhand backup: {0}")]
    Invalid(String),
    /// A row the target database would not take; names the row so it can be fixed in the file.
    #[error(
        "line {line}: cannot load the {table} row {key}: {reason}; nothing was restored — fix or remove that row in the backup and restore again"
    )]
    Row {
        line: usize,
        table: &'static str,
        key: String,
        reason: String,
    },
    /// The event lines do not add up to the chain head the header promised.
    #[error(
        "the backup is incomplete or altered: its header says the event chain ends at entry {expected}, but {found}; nothing was restored — restore from an intact backup"
    )]
    Chain { expected: i64, found: String },
    /// The database failed underneath the restore.
    #[error(transparent)]
    Database(anyhow::Error),
}
