//! Wire types of the notification router's API: opening and snoozing a notification,
//! following, and the notification preferences.

use super::{noise_words, noise_words_or_null};
use longhand_core::ops::notification_prefs::{Preferences, SpacePreference};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// "Remind me later".
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SnoozeDto {
    /// `later_today` (three hours on, rounded up to the quarter hour, while still today in
    /// your zone), `tomorrow_morning` (your next working morning) or an RFC 3339 instant.
    #[schema(example = "tomorrow_morning")]
    pub until: String,
}

/// When a snoozed notification comes back.
#[derive(Debug, Serialize, ToSchema)]
pub struct SnoozedDto {
    pub id: i64,
    /// RFC 3339, UTC.
    pub until: String,
}

/// Whether you follow a space or document.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowDto {
    pub following: bool,
}

/// One space you can see, and how it notifies you.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpacePreferenceDto {
    pub slug: String,
    pub name: String,
    /// The space's default noise level.
    #[schema(schema_with = noise_words)]
    pub default: String,
    /// Your own level, if set (`null`: the space's default applies).
    #[schema(schema_with = noise_words_or_null)]
    pub own: Option<String>,
    pub following: bool,
}

/// Your notification preferences.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreferencesDto {
    /// Your digest time, `HH:MM` in your zone.
    #[schema(example = "09:00")]
    pub digest_time: String,
    /// Your zone, from your calendar.
    pub time_zone: String,
    /// "Do not disturb" until this instant (RFC 3339), or `null`.
    pub dnd_until: Option<String>,
    pub spaces: Vec<SpacePreferenceDto>,
    /// Where you choose which channels take urgent and digest messages.
    #[schema(example = "/settings/channels")]
    pub channels: String,
}

impl From<SpacePreference> for SpacePreferenceDto {
    fn from(s: SpacePreference) -> SpacePreferenceDto {
        SpacePreferenceDto {
            slug: s.slug,
            name: s.name,
            default: s.default.as_str().to_owned(),
            own: s.own.map(|l| l.as_str().to_owned()),
            following: s.following,
        }
    }
}

impl From<Preferences> for PreferencesDto {
    fn from(p: Preferences) -> PreferencesDto {
        PreferencesDto {
            digest_time: p.digest_time,
            time_zone: p.zone.iana_name().unwrap_or("UTC").to_owned(),
            dnd_until: p.dnd_until.map(super::instant),
            spaces: p.spaces.into_iter().map(Into::into).collect(),
            channels: "/settings/channels".to_owned(),
        }
    }
}

/// Your level for one space.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpaceNoisePut {
    pub slug: String,
    /// `immediate`, `digest`, `muted`, or `default` for the space's own level.
    #[schema(example = "muted")]
    pub noise: String,
}

/// A change of preferences; fields left out stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesPut {
    /// `HH:MM` in your zone.
    #[schema(example = "08:30")]
    pub digest_time: Option<String>,
    /// An RFC 3339 instant to set "do not disturb" until, or `null` to clear it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable, example = "2026-03-12T17:00:00Z")]
    pub dnd_until: Option<Option<String>>,
    #[serde(default)]
    pub spaces: Vec<SpaceNoisePut>,
}

/// A field that may be absent (`None`), `null` (`Some(None)`) or a value.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}
