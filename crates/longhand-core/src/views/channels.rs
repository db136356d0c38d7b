//! A member's delivery channels and the deliveries made through them, as `ops` hand them out.

use jiff::Timestamp;

/// The kinds of external channel a member can add (in-app is always on and is not one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelKind {
    /// Email over the workspace's SMTP server.
    Email,
    /// A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat, …).
    Slack,
    /// A generic JSON webhook signed per Standard Webhooks.
    Webhook,
}

impl ChannelKind {
    /// The one textual form, in the database, the API and forms.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Email => "email",
            ChannelKind::Slack => "slack",
            ChannelKind::Webhook => "webhook",
        }
    }

    /// Reads the textual form.
    pub fn parse(text: &str) -> Option<ChannelKind> {
        match text {
            "email" => Some(ChannelKind::Email),
            "slack" => Some(ChannelKind::Slack),
            "webhook" => Some(ChannelKind::Webhook),
            _ => None,
        }
    }

    /// How the kind is named for people.
    pub fn label(self) -> &'static str {
        match self {
            ChannelKind::Email => "Email",
            ChannelKind::Slack => "Slack-compatible webhook",
            ChannelKind::Webhook => "JSON webhook (Standard Webhooks)",
        }
    }
}

/// One of a member's channels. The webhook secret is never part of it: it is shown once, in
/// [`AddedChannel`], when the channel is added.
#[derive(Debug, Clone)]
pub struct Channel {
    pub id: i64,
    pub kind: ChannelKind,
    /// The email address or the webhook URL.
    pub target: String,
    /// Takes urgent messages as they happen.
    pub urgent: bool,
    /// Takes digests.
    pub digest: bool,
    pub paused_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

/// A channel just added, with its webhook secret (JSON webhooks only), shown this once.
#[derive(Debug, Clone)]
pub struct AddedChannel {
    pub channel: Channel,
    pub secret: Option<String>,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    /// Queued, or failed and waiting for its next attempt.
    Pending,
    Sent,
    /// Given up on after the job's last attempt; an admin can retry it.
    Dead,
    /// The channel was paused or removed before it went.
    Cancelled,
}

impl DeliveryState {
    /// The one textual form.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Sent => "sent",
            DeliveryState::Dead => "dead",
            DeliveryState::Cancelled => "cancelled",
        }
    }

    /// Reads the textual form.
    pub fn parse(text: &str) -> Option<DeliveryState> {
        match text {
            "pending" => Some(DeliveryState::Pending),
            "sent" => Some(DeliveryState::Sent),
            "dead" => Some(DeliveryState::Dead),
            "cancelled" => Some(DeliveryState::Cancelled),
            _ => None,
        }
    }
}

/// A delivery as admins see it: who, which channel, where it stands and why it failed.
///
/// What the message said is left out on purpose: it may name a document in a private space
/// the admin is not a member of. A webhook's address is shortened to its scheme and host,
/// since Slack-style webhook URLs carry their secret in the path.
#[derive(Debug, Clone)]
pub struct DeliveryStatus {
    pub id: i64,
    pub member_handle: String,
    pub kind: ChannelKind,
    pub target: String,
    pub state: DeliveryState,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub dead_at: Option<Timestamp>,
}
