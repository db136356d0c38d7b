-- Delivery channels (issue #12 §5): where a member's notifications go besides the app, and
-- every message queued for one of them.
--
-- member_channels: a member's external channels. kind is email (target: an address), slack
-- (a Slack-compatible incoming webhook URL) or webhook (a generic JSON webhook URL signed per
-- Standard Webhooks with `secret`, "whsec_" + base64, shown once when the channel is added).
-- urgent: takes urgent messages as they happen; digest: takes digests. A paused channel keeps
-- its settings and takes nothing; a removed one is kept (removed_at) for the deliveries that
-- name it.
--
-- deliveries: one message for one channel. idempotency_key is unique: it is the message's
-- Standard Webhooks `webhook-id` and the email's Message-ID, the same on every attempt, so a
-- receiver recognises a resend. message_key is the caller's key for the message ("notification:12");
-- one member's message goes at most once to each channel. state: pending (queued or being
-- retried), sent, dead (gave up after the job's last attempt), cancelled (the channel was
-- paused or removed before it went). attempts and last_error mirror the delivery's job.

CREATE TABLE member_channels (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id),
    kind        TEXT NOT NULL CHECK (kind IN ('email', 'slack', 'webhook')),
    target      TEXT NOT NULL,
    secret      TEXT,
    urgent      INTEGER NOT NULL,
    digest      INTEGER NOT NULL,
    paused_at   INTEGER,
    removed_at  INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX member_channels_member ON member_channels (member_id, id);

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES members (id),
    channel_id      INTEGER NOT NULL REFERENCES member_channels (id),
    kind            TEXT NOT NULL,
    target          TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    message_key     TEXT NOT NULL,
    class           TEXT NOT NULL CHECK (class IN ('urgent', 'digest')),
    subject         TEXT NOT NULL,
    text            TEXT NOT NULL,
    html            TEXT,
    link            TEXT NOT NULL,
    thread          TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    run_at          INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    dead_at         INTEGER
);
CREATE UNIQUE INDEX deliveries_once_per_channel ON deliveries (member_id, message_key, channel_id);
CREATE INDEX deliveries_state ON deliveries (state, id);
