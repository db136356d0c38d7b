-- Personal digests (issue #12 item 4): when each member's next digest goes, the digests sent
-- (the items as shown, JSON), and the keys of what each member was sent, so the next digest
-- holds only what is new. A notification sent in a digest is recorded here under its key
-- ("notification:<id>"); the notifications table itself is not touched.

CREATE TABLE digest_schedules (
    member_id   INTEGER PRIMARY KEY REFERENCES members (id),
    next_at     INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE digests (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id),
    at          INTEGER NOT NULL, -- the instant it was due
    sent_at     INTEGER NOT NULL,
    headline    TEXT NOT NULL,
    item_count  INTEGER NOT NULL,
    items       TEXT NOT NULL,
    UNIQUE (member_id, at)
);
CREATE INDEX digests_member ON digests (member_id, id);

CREATE TABLE digest_items (
    member_id   INTEGER NOT NULL REFERENCES members (id),
    key         TEXT NOT NULL,
    digest_id   INTEGER NOT NULL REFERENCES digests (id),
    PRIMARY KEY (member_id, key)
);
