-- Idempotency keys (the IETF httpapi `Idempotency-Key` draft): one row per caller and key,
-- reserved when the first request arrives (status NULL while it runs) and completed with the
-- response it got, which a retry with the same key and body is answered with. Rows expire
-- after 24 hours and are purged as new keys arrive.

CREATE TABLE idempotency_keys (
    member_id     INTEGER NOT NULL REFERENCES members (id),
    idem_key      TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    status        INTEGER,
    content_type  TEXT,
    location      TEXT,
    body          TEXT,
    reserved_at   INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    PRIMARY KEY (member_id, idem_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
