//! Backing up a workspace to a JSON-lines file and restoring one into an empty database.
//!
//! The file format and its checks live with the store (`store::backup`); these are the two
//! actions the command line calls. Neither needs an actor: whoever can run the binary against
//! the data directory already holds the whole database.

use super::{App, OpResult};
use crate::views::backup::{DumpSummary, RestoreError};
use std::io::{BufRead, Write};

/// Writes a consistent dump of the workspace to `out`, stamped with the app's clock.
pub async fn dump(app: &App, out: &mut dyn Write) -> OpResult<DumpSummary> {
    Ok(app.store().dump(app.now(), out).await?)
}

/// Loads a dump into an empty, migrated database, all or nothing.
pub async fn restore(app: &App, input: &mut dyn BufRead) -> Result<DumpSummary, RestoreError> {
    app.store().restore(input).await
}
