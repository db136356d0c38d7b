-- The meeting audit's inputs: uploaded calendars, polled calendar feeds (one per member),
-- and purposes set by hand for recurring series.

CREATE TABLE meeting_calendars (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    uploaded_by  INTEGER NOT NULL REFERENCES members (id),
    uploaded_at  INTEGER NOT NULL,
    bytes        INTEGER NOT NULL,
    series       INTEGER NOT NULL,
    skipped      INTEGER NOT NULL,
    body         TEXT NOT NULL
);

CREATE TABLE calendar_feeds (
    member_id        INTEGER PRIMARY KEY REFERENCES members (id),
    url              TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    next_poll_at     INTEGER NOT NULL,
    last_attempt_at  INTEGER,
    fetched_at       INTEGER,
    body             TEXT,
    body_hash        TEXT,
    bytes            INTEGER,
    series           INTEGER,
    failures         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT
);

CREATE TABLE meeting_purposes (
    series      TEXT PRIMARY KEY,
    purpose     TEXT NOT NULL,
    set_by      INTEGER NOT NULL REFERENCES members (id),
    set_at      INTEGER NOT NULL
);
