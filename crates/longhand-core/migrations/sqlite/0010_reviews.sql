-- Review rounds on proposals: each round's window and state, the people asked (reviewers and
-- deciders, each with their review ask and verdict), the open questions raised during it, and
-- the team DRI's tie-break. A round is numbered per document; revising starts the next one and
-- keeps the old one as history.

CREATE TABLE review_rounds (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents (id),
    number          INTEGER NOT NULL,
    owner_id        INTEGER NOT NULL REFERENCES members (id),
    team_id         INTEGER REFERENCES teams (id), -- whose calendar, charter and DRI apply
    state           TEXT NOT NULL CHECK (state IN ('open', 'closed', 'decided', 'revised')),
    reversibility   TEXT NOT NULL CHECK (reversibility IN ('reversible', 'irreversible')),
    category        TEXT,
    window_text     TEXT NOT NULL,
    opened_at       INTEGER NOT NULL,
    closes_at       INTEGER NOT NULL,
    closing_soon_at INTEGER,
    closed_at       INTEGER,
    closed_early    INTEGER NOT NULL DEFAULT 0,
    decided_at      INTEGER,
    outcome         TEXT CHECK (outcome IN ('accepted', 'rejected')),
    decision_id     INTEGER REFERENCES documents (id),
    UNIQUE (document_id, number)
);
CREATE INDEX review_rounds_decision ON review_rounds (decision_id);

CREATE TABLE review_participants (
    round_id     INTEGER NOT NULL REFERENCES review_rounds (id),
    member_id    INTEGER NOT NULL REFERENCES members (id),
    role         TEXT NOT NULL CHECK (role IN ('reviewer', 'decider')),
    via_team     TEXT, -- the team named when the person was asked as part of it
    ask_id       INTEGER REFERENCES asks (id),
    verdict      TEXT CHECK (verdict IN ('approve', 'approve_with_comments', 'object', 'abstain')),
    reason       TEXT,
    answered_at  INTEGER,
    PRIMARY KEY (round_id, member_id)
);
CREATE INDEX review_participants_member ON review_participants (member_id);

CREATE TABLE review_questions (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES review_rounds (id),
    raised_by    INTEGER NOT NULL REFERENCES members (id),
    question     TEXT NOT NULL,
    raised_at    INTEGER NOT NULL,
    deadline     INTEGER NOT NULL,
    answer       TEXT,
    answered_by  INTEGER REFERENCES members (id),
    answered_at  INTEGER,
    expired_at   INTEGER,
    ask_id       INTEGER REFERENCES asks (id)
);
CREATE INDEX review_questions_round ON review_questions (round_id);

CREATE TABLE review_tie_breaks (
    round_id    INTEGER PRIMARY KEY REFERENCES review_rounds (id),
    dri_id      INTEGER NOT NULL REFERENCES members (id),
    outcome     TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    reason      TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
