-- Indexes for the lists that grow with a workspace (issue #14): the documents list and the
-- decision log walk documents newest change first and stop at a page, instead of sorting
-- every row; the inbox's "recently closed" reads the newest closed asks of one member from
-- either side without scanning all of their asks.

CREATE INDEX documents_recent ON documents (updated_at, id);
CREATE INDEX documents_space_recent ON documents (space_id, updated_at, id);
CREATE INDEX documents_kind_recent ON documents (kind, updated_at, id);
DROP INDEX documents_space;

CREATE INDEX asks_asker_closed ON asks (asker_id, responded_at, id);
CREATE INDEX asks_responder_closed ON asks (responder_id, responded_at, id);
