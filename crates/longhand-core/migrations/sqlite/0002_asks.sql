-- Asks with response clocks, team charters, the job queue and in-app notifications.

CREATE TABLE charters (
    id          INTEGER PRIMARY KEY,
    team_id     INTEGER NOT NULL REFERENCES teams (id),
    version     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    author_id   INTEGER REFERENCES members (id),
    created_at  INTEGER NOT NULL,
    UNIQUE (team_id, version)
);

CREATE TABLE asks (
    id            INTEGER PRIMARY KEY,
    asker_id      INTEGER NOT NULL REFERENCES members (id),
    responder_id  INTEGER NOT NULL REFERENCES members (id),
    team_id       INTEGER REFERENCES teams (id),
    kind          TEXT NOT NULL,
    urgency       TEXT NOT NULL,
    target        TEXT NOT NULL,
    counts_urgent INTEGER NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    subject       TEXT,
    state         TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    remind_at     INTEGER,
    due_at        INTEGER,
    responded_at  INTEGER,
    response      TEXT,
    comment       TEXT
);
CREATE INDEX asks_responder ON asks (responder_id, state, due_at);
CREATE INDEX asks_asker ON asks (asker_id, state, due_at);
CREATE INDEX asks_team ON asks (team_id, created_at);

CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    run_at      INTEGER NOT NULL,
    dedupe_key  TEXT NOT NULL UNIQUE,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    locked_by   TEXT,
    locked_until INTEGER,
    done_at     INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs (done_at, run_at);

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id),
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    link        TEXT NOT NULL,
    dedupe_key  TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE INDEX notifications_member ON notifications (member_id, read_at, id);
