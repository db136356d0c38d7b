-- Documents with immutable revisions, named readers, approved shares into other spaces,
-- comment and topic threads, and the links between them (for backlinks).

CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    space_id        INTEGER NOT NULL REFERENCES spaces (id),
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    owner_id        INTEGER NOT NULL REFERENCES members (id),
    intent          TEXT NOT NULL,
    classification  TEXT NOT NULL CHECK (classification IN ('public', 'internal', 'confidential', 'restricted')),
    status          TEXT NOT NULL,
    tags            TEXT NOT NULL,
    fields          TEXT NOT NULL,
    body            TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    parent_id       INTEGER, -- a handbook page's parent; checked in ops, no foreign key so backups restore in any order
    position        INTEGER NOT NULL DEFAULT 0,
    source_thread_id INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX documents_space ON documents (space_id, updated_at);
CREATE INDEX documents_parent ON documents (parent_id, position);

CREATE TABLE revisions (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents (id),
    number          INTEGER NOT NULL,
    author_id       INTEGER NOT NULL REFERENCES members (id),
    created_at      INTEGER NOT NULL,
    title           TEXT NOT NULL,
    intent          TEXT NOT NULL,
    classification  TEXT NOT NULL,
    status          TEXT NOT NULL,
    owner_id        INTEGER NOT NULL REFERENCES members (id),
    tags            TEXT NOT NULL,
    fields          TEXT NOT NULL,
    body            TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    UNIQUE (document_id, number)
);

CREATE TABLE document_readers (
    document_id     INTEGER NOT NULL REFERENCES documents (id),
    member_id       INTEGER NOT NULL REFERENCES members (id),
    PRIMARY KEY (document_id, member_id)
);

CREATE TABLE share_requests (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents (id),
    space_id        INTEGER NOT NULL REFERENCES spaces (id),
    requested_by    INTEGER NOT NULL REFERENCES members (id),
    reason          TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'denied')),
    decided_by      INTEGER REFERENCES members (id),
    decided_at      INTEGER,
    created_at      INTEGER NOT NULL
);
CREATE INDEX share_requests_document ON share_requests (document_id, state);

CREATE TABLE document_shares (
    document_id     INTEGER NOT NULL REFERENCES documents (id),
    space_id        INTEGER NOT NULL REFERENCES spaces (id),
    request_id      INTEGER NOT NULL REFERENCES share_requests (id),
    PRIMARY KEY (document_id, space_id)
);

CREATE TABLE threads (
    id              INTEGER PRIMARY KEY,
    space_id        INTEGER NOT NULL REFERENCES spaces (id),
    document_id     INTEGER REFERENCES documents (id),
    anchor          TEXT,
    anchor_text     TEXT,
    title           TEXT NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES members (id),
    created_at      INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    resolved_at     INTEGER,
    resolved_by     INTEGER REFERENCES members (id),
    elevated_to     INTEGER REFERENCES documents (id)
);
CREATE INDEX threads_document ON threads (document_id, created_at);
CREATE INDEX threads_space ON threads (space_id, last_activity_at);

CREATE TABLE comments (
    id              INTEGER PRIMARY KEY,
    thread_id       INTEGER NOT NULL REFERENCES threads (id),
    author_id       INTEGER NOT NULL REFERENCES members (id),
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX comments_thread ON comments (thread_id, id);

-- Derived from bodies on every write; rebuilt, never edited by hand.
CREATE TABLE doc_links (
    to_document_id   INTEGER NOT NULL REFERENCES documents (id),
    from_document_id INTEGER REFERENCES documents (id),
    from_thread_id   INTEGER REFERENCES threads (id)
);
CREATE INDEX doc_links_to ON doc_links (to_document_id);
CREATE INDEX doc_links_from_document ON doc_links (from_document_id);
CREATE INDEX doc_links_from_thread ON doc_links (from_thread_id);

-- A space's own templates (Markdown with front matter), by kind.
CREATE TABLE space_templates (
    id              INTEGER PRIMARY KEY,
    space_id        INTEGER NOT NULL REFERENCES spaces (id),
    kind            TEXT NOT NULL,
    source          TEXT NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES members (id),
    created_at      INTEGER NOT NULL,
    UNIQUE (space_id, kind)
);
