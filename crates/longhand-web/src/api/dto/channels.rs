//! Delivery channels and deliveries on the wire: a member's channels, the one-time secret of
//! a new JSON webhook, the admins' failed deliveries and test sends.

use longhand_core::ops::deliveries::admin::TestReport;
use longhand_core::ops::deliveries::channels::ChannelsView;
use longhand_core::views::channels::{AddedChannel, Channel, DeliveryStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One of the caller's channels (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelDto {
    pub id: i64,
    /// `email`, `slack` (a Slack-compatible incoming webhook) or `webhook` (a JSON webhook
    /// signed per Standard Webhooks).
    #[schema(example = "webhook")]
    pub kind: String,
    /// The email address or the webhook URL.
    pub target: String,
    /// Takes urgent messages as they happen.
    pub urgent: bool,
    /// Takes digests.
    pub digest: bool,
    pub paused: bool,
    pub paused_at: Option<String>,
    pub created_at: String,
}

impl From<Channel> for ChannelDto {
    fn from(channel: Channel) -> ChannelDto {
        ChannelDto {
            id: channel.id,
            kind: channel.kind.as_str().to_owned(),
            target: channel.target,
            urgent: channel.urgent,
            digest: channel.digest,
            paused: channel.paused_at.is_some(),
            paused_at: channel.paused_at.map(super::instant),
            created_at: super::instant(channel.created_at),
        }
    }
}

/// The caller's channels. In-app notifications are always on and are not listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelsDto {
    pub items: Vec<ChannelDto>,
    /// Whether this server can send email (an SMTP server is configured); email channels
    /// wait, and their deliveries fail with that reason, until it can.
    pub email_available: bool,
}

impl From<ChannelsView> for ChannelsDto {
    fn from(view: ChannelsView) -> ChannelsDto {
        ChannelsDto {
            items: view.channels.into_iter().map(ChannelDto::from).collect(),
            email_available: view.email_available,
        }
    }
}

/// A channel to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewChannelDto {
    /// `email`, `slack` or `webhook`.
    #[schema(example = "webhook")]
    pub kind: String,
    /// The address (email; default: your own) or the http(s) URL (webhooks).
    #[schema(example = "https://hooks.example.com/longhand")]
    pub target: Option<String>,
    /// Take urgent messages as they happen (default true).
    pub urgent: Option<bool>,
    /// Take digests (default true).
    pub digest: Option<bool>,
}

/// A channel just added. `secret` (JSON webhooks only) is shown this once: keep it to verify
/// the `webhook-signature` header.
#[derive(Debug, Serialize, ToSchema)]
pub struct AddedChannelDto {
    pub channel: ChannelDto,
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: Option<String>,
}

impl From<AddedChannel> for AddedChannelDto {
    fn from(added: AddedChannel) -> AddedChannelDto {
        AddedChannelDto {
            channel: added.channel.into(),
            secret: added.secret,
        }
    }
}

/// A change to a channel; fields left out stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelChangeDto {
    pub urgent: Option<bool>,
    pub digest: Option<bool>,
    /// Pause (true) or resume (false): a paused channel keeps its settings and takes nothing.
    pub paused: Option<bool>,
}

/// A delivery as admins see it: never what the message said (it may name a private
/// document), a webhook's address cut to scheme and host.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryDto {
    pub id: i64,
    pub member: String,
    /// `email`, `slack` or `webhook`.
    pub kind: String,
    pub target: String,
    /// `pending` (waiting for its next attempt), `sent`, `dead` or `cancelled`.
    #[schema(example = "dead")]
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub dead_at: Option<String>,
}

impl From<DeliveryStatus> for DeliveryDto {
    fn from(item: DeliveryStatus) -> DeliveryDto {
        DeliveryDto {
            id: item.id,
            member: item.member_handle,
            kind: item.kind.as_str().to_owned(),
            target: item.target,
            state: item.state.as_str().to_owned(),
            attempts: item.attempts,
            last_error: item.last_error,
            created_at: super::instant(item.created_at),
            sent_at: item.sent_at.map(super::instant),
            dead_at: item.dead_at.map(super::instant),
        }
    }
}

/// Deliveries that failed (waiting for a retry, or dead), most recent first (at most 100).
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveriesDto {
    pub items: Vec<DeliveryDto>,
}

/// Where to send a test message: exactly one of `to`, `slack`, `webhook`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotifyTestDto {
    /// An email address, through the configured SMTP server.
    pub to: Option<String>,
    /// A Slack-compatible incoming webhook URL.
    pub slack: Option<String>,
    /// A JSON webhook URL.
    pub webhook: Option<String>,
    /// The `whsec_…` secret to sign a webhook test with; a new one is made when left out.
    pub secret: Option<String>,
}

/// What a test send did.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotifyTestResultDto {
    pub sent: bool,
    /// One line: "sent to … via … in 12 ms", or the error.
    pub summary: String,
    /// The message's id (`webhook-id`, `Message-ID`).
    pub id: String,
    pub error: Option<String>,
    pub took_ms: Option<u64>,
    /// The secret made for a webhook test sent without one.
    pub secret: Option<String>,
}

impl From<TestReport> for NotifyTestResultDto {
    fn from(report: TestReport) -> NotifyTestResultDto {
        NotifyTestResultDto {
            sent: report.result.is_ok(),
            summary: report.summary(),
            error: report.result.as_ref().err().cloned(),
            took_ms: report
                .result
                .as_ref()
                .ok()
                .map(|sent| u64::try_from(sent.took.as_millis()).unwrap_or(u64::MAX)),
            id: report.id,
            secret: report.generated_secret,
        }
    }
}
