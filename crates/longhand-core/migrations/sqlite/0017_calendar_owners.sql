-- Whose calendar an uploaded file is (issue #13): the audit counts a member as attending every
-- meeting their own calendar holds, even one sent to a group address. NULL: not one person's
-- calendar (a shared or team calendar, or one whose owner is not a member). Polled feeds
-- already belong to their member (calendar_feeds.member_id).

ALTER TABLE meeting_calendars ADD COLUMN owner_id INTEGER REFERENCES members (id);
