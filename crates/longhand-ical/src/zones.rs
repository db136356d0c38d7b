//! Zone lookups against the tz database compiled into the binary.
//!
//! A calendar must expand to the same instants on every machine: two Longhand replicas on
//! differently patched hosts, a container without `/usr/share/zoneinfo`, a laptop running
//! `longhand audit`. jiff's default lookup (`TimeZone::get`) prefers the host's zoneinfo (and
//! honours `TZDIR`), so this crate never calls it; every TZID goes through [`get`].

use jiff::tz::{TimeZone, TimeZoneDatabase};
use std::sync::OnceLock;

fn bundled() -> &'static TimeZoneDatabase {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

/// The zone named `name` (an IANA name such as `Europe/Berlin`) in the bundled database.
pub(crate) fn get(name: &str) -> Option<TimeZone> {
    bundled().get(name).ok()
}
