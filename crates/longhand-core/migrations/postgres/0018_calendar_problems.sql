-- The problems met reading each uploaded calendar and the last fetch of each feed: how many
-- there were and the first ones as a JSON array of {file, line, message}. NULL on rows
-- stored before problems were kept, and in older backups.

ALTER TABLE meeting_calendars ADD COLUMN problem_count BIGINT;
ALTER TABLE meeting_calendars ADD COLUMN problems TEXT;
ALTER TABLE calendar_feeds ADD COLUMN problem_count BIGINT;
ALTER TABLE calendar_feeds ADD COLUMN problems TEXT;
