-- Lookups that grew with a workspace (issue #14): a document page lists the asks about it
-- (by subject), and a space page lists its topic threads (no document) newest activity first;
-- both scanned far more rows than they showed.

CREATE INDEX asks_subject ON asks (subject, created_at);
CREATE INDEX threads_space_topics ON threads (space_id, document_id, last_activity_at);
