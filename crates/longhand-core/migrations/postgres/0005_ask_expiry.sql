-- Asks: an optional "needed by" instant after which an unanswered ask expires, and the record
-- of a team ask routed past an away DRI (who it skipped, and until when they were away).

ALTER TABLE asks ADD COLUMN needed_by BIGINT;
ALTER TABLE asks ADD COLUMN routed_from_id BIGINT REFERENCES members (id);
ALTER TABLE asks ADD COLUMN routed_away_until TEXT;
