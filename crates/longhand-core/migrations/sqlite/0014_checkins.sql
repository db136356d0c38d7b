-- Check-ins and blockers (issue #12 §1–2). A team's schedule (daily, or weekly on a weekday,
-- at a local time read in each member's zone); one check-in per member and period, named by
-- the member's local date of the prompt; the blockers each check-in reports, tracked with an
-- owner who can unblock them; the help requests, each an ask.
--
-- version counts saves of a schedule: prompt jobs carry it, so a chain queued under an older
-- schedule stops at its next run. since is the instant the schedule took effect (earlier
-- prompts open no period). escalate_after_minutes is the business time an open blocker waits
-- before each escalation step. business_seconds is a resolved blocker's resolution time in
-- its owner's business time; escalated counts the escalation steps that fired.

CREATE TABLE checkin_schedules (
    team_id                INTEGER PRIMARY KEY REFERENCES teams (id),
    cadence                TEXT NOT NULL CHECK (cadence IN ('off', 'daily', 'weekly')),
    weekday                TEXT NOT NULL CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
    local_time             TEXT NOT NULL,
    escalate_after_minutes INTEGER NOT NULL CHECK (escalate_after_minutes > 0),
    version                INTEGER NOT NULL,
    since                  INTEGER NOT NULL,
    updated_by             INTEGER REFERENCES members (id),
    updated_at             INTEGER NOT NULL
);

CREATE TABLE checkins (
    id          INTEGER PRIMARY KEY,
    team_id     INTEGER NOT NULL REFERENCES teams (id),
    member_id   INTEGER NOT NULL REFERENCES members (id),
    period_date TEXT NOT NULL,
    opens_at    INTEGER NOT NULL,
    due_at      INTEGER NOT NULL,
    done_text   TEXT NOT NULL,
    next_text   TEXT NOT NULL,
    note_text   TEXT NOT NULL,
    late        INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (team_id, member_id, period_date)
);
CREATE INDEX checkins_team_period ON checkins (team_id, period_date);

CREATE TABLE blockers (
    id               INTEGER PRIMARY KEY,
    team_id          INTEGER NOT NULL REFERENCES teams (id),
    checkin_id       INTEGER NOT NULL REFERENCES checkins (id),
    reporter_id      INTEGER NOT NULL REFERENCES members (id),
    owner_id         INTEGER NOT NULL REFERENCES members (id),
    body             TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('open', 'unblocked', 'wont_fix')),
    opened_at        INTEGER NOT NULL,
    resolved_at      INTEGER,
    resolved_by      INTEGER REFERENCES members (id),
    resolution       TEXT NOT NULL DEFAULT '',
    business_seconds INTEGER,
    escalated        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (checkin_id, owner_id, body)
);
CREATE INDEX blockers_state ON blockers (state, opened_at);
CREATE INDEX blockers_team ON blockers (team_id, state);

CREATE TABLE checkin_help (
    checkin_id INTEGER NOT NULL REFERENCES checkins (id),
    member_id  INTEGER NOT NULL REFERENCES members (id),
    question   TEXT NOT NULL,
    ask_id     INTEGER NOT NULL REFERENCES asks (id),
    PRIMARY KEY (checkin_id, member_id, question)
);
