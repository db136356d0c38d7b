-- The meeting gate: meetings registered in Longhand, who was invited and who opted in, and
-- the decision records each meeting's outcome produced (one per decision, so recording the
-- outcome again adds none twice).

CREATE TABLE planned_meetings (
    id                  INTEGER PRIMARY KEY,
    title               TEXT NOT NULL,
    space_id            INTEGER NOT NULL REFERENCES spaces (id),
    organiser_id        INTEGER NOT NULL REFERENCES members (id),
    starts_at           INTEGER NOT NULL,
    minutes             INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 480),
    agenda_id           INTEGER REFERENCES documents (id),
    outcome_id          INTEGER REFERENCES documents (id),
    outcome_recorded_at INTEGER,
    flagged_at          INTEGER,
    cancelled_at        INTEGER,
    created_at          INTEGER NOT NULL
);
CREATE INDEX planned_meetings_start ON planned_meetings (starts_at);

CREATE TABLE planned_meeting_people (
    meeting_id  INTEGER NOT NULL REFERENCES planned_meetings (id),
    member_id   INTEGER NOT NULL REFERENCES members (id),
    invited     INTEGER NOT NULL,
    attending   INTEGER NOT NULL,
    changed_at  INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX planned_meeting_people_member ON planned_meeting_people (member_id);

CREATE TABLE planned_meeting_decisions (
    meeting_id    INTEGER NOT NULL REFERENCES planned_meetings (id),
    decision_key  TEXT NOT NULL,
    document_id   INTEGER NOT NULL REFERENCES documents (id),
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, decision_key)
);
