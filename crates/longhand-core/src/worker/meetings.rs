//! Polling members' calendar feeds: fetch the `.ics` address, keep the text if it reads as
//! iCalendar, and schedule the next poll — an hour later after a success, sooner after a
//! failure (a minute, doubling up to the hour), so a flaky server is retried without being
//! hammered.
//!
//! Each poll carries the instant it was scheduled for; the feed row remembers the instant of
//! the one poll it expects. Registering a new address schedules a fresh poll, and the old
//! chain notices it is stale and stops.
//!
//! Each fetched text is read like an upload: its problems (skipped items with their lines,
//! series left out) are kept with the feed, the first ones listed; a text from which nothing
//! can be used fails the fetch with `no usable events (N problems)` and its problems, and the
//! last good text stays in use.
//!
//! A fetch whose text changed is an event (`meetings.feed_fetched`): it changes what the
//! audit reports. Unchanged fetches and failures are bookkeeping, recorded on the feed row
//! only, or an hourly poll would flood the event log.

use std::sync::OnceLock;
use std::time::Duration;

use anyhow::Context;
use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Job, Ran};
use crate::formats::calendar_problems::ProblemList;
use crate::ops::meetings::{MAX_CALENDAR_BYTES, check_calendar, probe_window};
use crate::ops::{App, OpError, OpResult};
use crate::store::WriteTx;
use crate::store::meetings::{self as store, FetchFailed, Fetched};
use longhand_domain::meetings::Window;

/// How often a healthy feed is fetched.
pub(crate) const POLL_INTERVAL: SignedDuration = SignedDuration::from_hours(1);
/// How long one fetch may take: well inside the job's lease.
const FETCH_TIMEOUT: Duration = Duration::from_secs(20);

/// What a fetch found, decided before the transaction.
#[derive(Debug)]
pub(super) enum Fetch {
    /// The feed was removed or rescheduled since this poll was queued.
    Stale,
    /// iCalendar text, how many series it holds and what went wrong reading it.
    Good {
        body: String,
        series: i64,
        problems: ProblemList,
    },
    /// Why the fetch failed, in words for the member, with the problems of a text from which
    /// nothing could be used.
    Failed {
        error: String,
        problems: Option<ProblemList>,
    },
}

impl Fetch {
    fn failed(error: String) -> Fetch {
        Fetch::Failed {
            error,
            problems: None,
        }
    }
}

/// The delay before retry number `failures` (1, 2, …): a minute, doubling, at most the poll
/// interval.
pub(crate) fn retry_delay(failures: i64) -> SignedDuration {
    let exponent = u32::try_from(failures.clamp(1, 8) - 1).unwrap_or(0);
    SignedDuration::from_mins(2i64.pow(exponent)).min(POLL_INTERVAL)
}

/// Fetches the feed a poll is for, unless the poll is stale.
pub(super) async fn fetch(app: &App, member_id: i64, run_at: Timestamp) -> OpResult<Fetch> {
    let feed = {
        let mut conn = app.store().read().await?;
        store::feed(&mut conn, member_id).await?
    };
    let Some(feed) = feed.filter(|f| f.next_poll_at == run_at) else {
        return Ok(Fetch::Stale);
    };
    let body = match download(&feed.url).await {
        Ok(body) => body,
        Err(err) => return Ok(Fetch::failed(format!("{err:#}"))),
    };
    let name = format!("@{}'s feed", feed.handle);
    let probe = probe_window(app.now())?;
    tokio::task::spawn_blocking(move || checked(&name, body, probe))
        .await
        .map_err(|err| OpError::Internal(anyhow::anyhow!("reading the feed failed: {err}")))
}

/// A downloaded feed, held to the rules of an uploaded calendar: a NUL or other control
/// character (which PostgreSQL could not store) fails the fetch with a message, on both
/// databases, instead of failing the job's write; text from which nothing can be used fails
/// it with its problems. CPU work, for the blocking pool.
fn checked(name: &str, body: String, probe: Window) -> Fetch {
    if let Err(err) = longhand_domain::text::check_text("feed", &body) {
        return Fetch::failed(err.to_string());
    }
    match check_calendar(name, &body, probe) {
        Ok(checked) => Fetch::Good {
            series: checked.series as i64,
            problems: ProblemList::new(&checked.problems),
            body,
        },
        Err(OpError::Unusable { message, problems }) => Fetch::Failed {
            error: message,
            problems: Some(problems),
        },
        Err(other) => Fetch::failed(other.to_string()),
    }
}

fn client() -> anyhow::Result<&'static reqwest::Client> {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let client = reqwest::Client::builder()
        .timeout(FETCH_TIMEOUT)
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!(
            "Longhand/",
            env!("CARGO_PKG_VERSION"),
            " calendar feed"
        ))
        .build()
        .context("cannot set up the HTTP client")?;
    Ok(CLIENT.get_or_init(|| client))
}

/// The body at `url`, refused past [`MAX_CALENDAR_BYTES`].
async fn download(url: &str) -> anyhow::Result<String> {
    let mut response = client()?
        .get(url)
        .send()
        .await
        .map_err(|err| anyhow::anyhow!("could not fetch the feed: {}", without_url(&err)))?;
    let status = response.status();
    if !status.is_success() {
        anyhow::bail!("the server answered HTTP {status}");
    }
    let mut body: Vec<u8> = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|err| anyhow::anyhow!("the download broke off: {}", without_url(&err)))?
    {
        if body.len() + chunk.len() > MAX_CALENDAR_BYTES {
            anyhow::bail!("the feed is larger than 25 MB");
        }
        body.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// reqwest's message without the address, which may hold a secret token and is shown on the
/// Meetings page.
fn without_url(err: &reqwest::Error) -> String {
    let kind = if err.is_timeout() {
        "it took too long"
    } else if err.is_connect() {
        "no connection to the server"
    } else if err.is_redirect() {
        "too many redirects"
    } else {
        "the request failed"
    };
    kind.to_owned()
}

/// Stores what a fetch found and schedules the next poll, in the job's transaction.
pub(super) async fn record(
    app: &App,
    tx: &mut WriteTx,
    member_id: i64,
    run_at: Timestamp,
    fetch: Fetch,
) -> OpResult<Ran> {
    let Some(feed) = store::feed(tx, member_id).await? else {
        return Ok(Ran::Skipped("the feed was removed"));
    };
    if feed.next_poll_at != run_at {
        return Ok(Ran::Skipped(
            "the feed was rescheduled since this poll was queued",
        ));
    }
    let now = app.now();
    let next = match fetch {
        Fetch::Stale => return Ok(Ran::Skipped("the feed was stale when fetched")),
        Fetch::Good {
            body,
            series,
            problems,
        } => {
            let hash = hex::encode(Sha256::digest(body.as_bytes()));
            let next = now + POLL_INTERVAL;
            let fetched = Fetched {
                at: now,
                body: &body,
                hash: &hash,
                series,
                problems: &problems,
                next_poll_at: next,
            };
            store::feed_fetched(tx, member_id, &fetched).await?;
            if feed.body_hash.as_deref() != Some(hash.as_str()) {
                let payload = json!({ "member": feed.handle, "bytes": body.len(), "series": series, "problems": problems.count });
                app.record(tx, None, "meetings.feed_fetched", payload)
                    .await?;
            }
            next
        }
        Fetch::Failed { error, problems } => {
            let next = now + retry_delay(feed.failures + 1);
            let failed = FetchFailed {
                at: now,
                error: &error,
                problems: problems.as_ref(),
                next_poll_at: next,
            };
            store::feed_failed(tx, member_id, &failed).await?;
            next
        }
    };
    Job::PollCalendarFeed {
        member_id,
        run_at: next,
    }
    .enqueue(app, tx)
    .await?;
    Ok(Ran::Acted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_from_a_minute_up_to_the_poll_interval() {
        let minutes: Vec<i64> = (1..=8).map(|f| retry_delay(f).as_mins()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60]);
    }
}
