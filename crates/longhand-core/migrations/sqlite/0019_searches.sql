-- Searches, kept for the search success rate (DESIGN §2.8): who searched, when, what, how many
-- results, and the first result opened and when. Bookkeeping, not a workspace change: no
-- event is written for a search, and backups leave this table out.

CREATE TABLE searches (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id),
    at           INTEGER NOT NULL,
    query        TEXT NOT NULL,
    result_count INTEGER NOT NULL,
    opened_at    INTEGER,
    opened_href  TEXT
);
CREATE INDEX searches_at ON searches (at);
