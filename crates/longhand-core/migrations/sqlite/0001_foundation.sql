-- The foundation: people, sessions, tokens, teams, spaces, settings and the event log.
-- Timestamps are microseconds since the Unix epoch; booleans are 0/1 integers.

CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    handle        TEXT NOT NULL UNIQUE,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'member', 'guest')),
    password_hash TEXT,
    calendar      TEXT NOT NULL,
    digest_time   TEXT NOT NULL DEFAULT '09:00',
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id),
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_member ON sessions (member_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_tokens_member ON api_tokens (member_id);

CREATE TABLE login_failures (
    id         INTEGER PRIMARY KEY,
    bucket     TEXT NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX login_failures_bucket ON login_failures (bucket, at);

CREATE TABLE teams (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    dri_id      INTEGER NOT NULL REFERENCES members (id),
    created_at  INTEGER NOT NULL
);

CREATE TABLE team_members (
    team_id    INTEGER NOT NULL REFERENCES teams (id),
    member_id  INTEGER NOT NULL REFERENCES members (id),
    joined_at  INTEGER NOT NULL,
    PRIMARY KEY (team_id, member_id)
);
CREATE INDEX team_members_member ON team_members (member_id);

CREATE TABLE spaces (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    purpose     TEXT NOT NULL,
    visibility  TEXT NOT NULL CHECK (visibility IN ('workspace', 'private')),
    noise       TEXT NOT NULL CHECK (noise IN ('immediate', 'digest', 'muted')),
    created_by  INTEGER NOT NULL REFERENCES members (id),
    created_at  INTEGER NOT NULL
);

CREATE TABLE space_members (
    space_id   INTEGER NOT NULL REFERENCES spaces (id),
    member_id  INTEGER NOT NULL REFERENCES members (id),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    joined_at  INTEGER NOT NULL,
    PRIMARY KEY (space_id, member_id)
);
CREATE INDEX space_members_member ON space_members (member_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Append-only and hash-chained: each row commits to the previous one.
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    actor_id  INTEGER,
    at        INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    payload   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
