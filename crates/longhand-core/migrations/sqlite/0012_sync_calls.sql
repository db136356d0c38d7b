-- Sync escalation (issue #11 §7): suggestions of a 15-minute call where writing stopped
-- converging — a thread going in circles, or a review round closing with blocking objections
-- standing — the people each names, and the calls recorded with their written outcome.
--
-- A suggestion's subject is a thread (thread_id) or a document's review round (document_id
-- and round_id; rounds live in their own table, so round_id carries no foreign key and
-- backups restore in any order). subject_key ("thread:12", "round:7:3") lets the database
-- hold at most one open suggestion per subject, also when two replicas detect it at once.
-- settled_after is the thread's last comment when the suggestion was dismissed or its call
-- recorded: only turns after it count towards the next circle.

CREATE TABLE sync_suggestions (
    id            INTEGER PRIMARY KEY,
    subject_key   TEXT NOT NULL,
    thread_id     INTEGER REFERENCES threads (id),
    document_id   INTEGER REFERENCES documents (id),
    round_id      INTEGER,
    reason        TEXT NOT NULL CHECK (reason IN ('circles', 'objections')),
    state         TEXT NOT NULL CHECK (state IN ('open', 'dismissed', 'called')),
    created_at    INTEGER NOT NULL,
    closed_by     INTEGER REFERENCES members (id),
    closed_at     INTEGER,
    settled_after INTEGER
);
CREATE UNIQUE INDEX sync_suggestions_one_open ON sync_suggestions (subject_key) WHERE state = 'open';
CREATE INDEX sync_suggestions_subject ON sync_suggestions (subject_key, id);

CREATE TABLE sync_people (
    suggestion_id INTEGER NOT NULL REFERENCES sync_suggestions (id),
    member_id     INTEGER NOT NULL REFERENCES members (id),
    position      INTEGER NOT NULL,
    PRIMARY KEY (suggestion_id, member_id)
);

CREATE TABLE sync_calls (
    id                 INTEGER PRIMARY KEY,
    suggestion_id      INTEGER NOT NULL UNIQUE REFERENCES sync_suggestions (id),
    recorded_by        INTEGER NOT NULL REFERENCES members (id),
    held_at            INTEGER NOT NULL,
    note               TEXT NOT NULL,
    owner_id           INTEGER NOT NULL REFERENCES members (id),
    ask_id             INTEGER NOT NULL REFERENCES asks (id),
    outcome            TEXT,
    outcome_by         INTEGER REFERENCES members (id),
    outcome_at         INTEGER,
    outcome_comment_id INTEGER REFERENCES comments (id),
    created_at         INTEGER NOT NULL
);

CREATE TABLE sync_call_people (
    call_id   INTEGER NOT NULL REFERENCES sync_calls (id),
    member_id INTEGER NOT NULL REFERENCES members (id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (call_id, member_id)
);
