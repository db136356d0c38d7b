-- The inbox lists a member's open asks soonest due first, FYIs (no due time) last, 50 at a
-- time. These indexes hold that order, so a page reads its 50 entries from the index
-- instead of fetching and sorting every open ask of a busy member (on PostgreSQL, 900 open
-- asks cost 850 table pages a page view).

CREATE INDEX asks_responder_open_order
    ON asks (responder_id, state, (CASE WHEN due_at IS NULL THEN 1 ELSE 0 END), due_at, id);
CREATE INDEX asks_asker_open_order
    ON asks (asker_id, state, (CASE WHEN due_at IS NULL THEN 1 ELSE 0 END), due_at, id);
