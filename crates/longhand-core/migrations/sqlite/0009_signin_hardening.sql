-- Sign-in attempts counted per bucket (an email, a client address) in a fixed window.
--
-- One row per bucket, bumped by a single upsert that returns the new count, so parallel
-- guesses queue on the row and each sees the ones before it: the count and the check are one
-- step. It replaces `login_failures`, whose count-then-insert let a burst of guesses all
-- pass the check before any was recorded.

CREATE TABLE signin_attempts (
    bucket       TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    attempts     INTEGER NOT NULL
);
CREATE INDEX signin_attempts_window ON signin_attempts (window_start);

DROP TABLE login_failures;
