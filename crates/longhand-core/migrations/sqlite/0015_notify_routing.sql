-- The notification router (issue #12 §3, §5, §6): what each in-app notification was routed
-- to, who follows which spaces and documents, and each person's notification preferences.
--
-- notifications, new columns:
--   urgency       'normal' | 'urgent' | 'sev1'
--   space_id      the space it happened in (NULL: asks, reviews and other space-less notices)
--   subject       what it is about, "ask:12", "doc:slug", "thread:7": acting on the subject
--                 clears the member's notifications about it
--   route         'now' | 'at' | 'digest': 'now' and 'at' were queued for the member's
--                 external channels (at deliver_at); 'digest' waits for the next digest.
--                 Rows from before routing were shown in the app only and read 'now', which
--                 keeps them out of the first digest.
--   deliver_at    when the external copy goes ('now', 'at'); NULL for 'digest'
--   snoozed_until "remind me later": hidden until then, then back as unread (a job clears
--                 it); a row is snoozed while snoozed_until is set
--   cleared_at    the member acted on the subject; no longer shown or digested
-- A digest takes: route = 'digest' AND read_at IS NULL AND cleared_at IS NULL AND
-- snoozed_until IS NULL.

ALTER TABLE notifications ADD COLUMN urgency TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE notifications ADD COLUMN space_id INTEGER REFERENCES spaces (id);
ALTER TABLE notifications ADD COLUMN subject TEXT;
ALTER TABLE notifications ADD COLUMN route TEXT NOT NULL DEFAULT 'now';
ALTER TABLE notifications ADD COLUMN deliver_at INTEGER;
ALTER TABLE notifications ADD COLUMN snoozed_until INTEGER;
ALTER TABLE notifications ADD COLUMN cleared_at INTEGER;
CREATE INDEX notifications_subject ON notifications (member_id, subject);

-- "Do not disturb" until this instant (NULL: not set).
ALTER TABLE members ADD COLUMN dnd_until INTEGER;

-- A person's own noise level for a space, instead of the space's default.
CREATE TABLE space_noise_overrides (
    member_id  INTEGER NOT NULL REFERENCES members (id),
    space_id   INTEGER NOT NULL REFERENCES spaces (id),
    noise      TEXT NOT NULL CHECK (noise IN ('immediate', 'digest', 'muted')),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (member_id, space_id)
);

-- Followers of a space hear of its new documents and threads; followers of a document of
-- its revisions and comments.
CREATE TABLE space_follows (
    space_id   INTEGER NOT NULL REFERENCES spaces (id),
    member_id  INTEGER NOT NULL REFERENCES members (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (space_id, member_id)
);
CREATE INDEX space_follows_member ON space_follows (member_id);

CREATE TABLE document_follows (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    member_id   INTEGER NOT NULL REFERENCES members (id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (document_id, member_id)
);
CREATE INDEX document_follows_member ON document_follows (member_id);
