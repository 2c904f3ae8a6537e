-- Schema v3: the knowledge base's snippets as the gateway last sent them (issue 16,
-- GET /staff/v1/snippets), so a clerk can answer with them while the gateway is out of reach.
-- Approved office content, no personal data; replaced as a whole on each read (meta
-- snippets_read_at says when).
CREATE TABLE snippets (
    id   TEXT PRIMARY KEY,
    body TEXT NOT NULL  -- SnippetOut JSON
) WITHOUT ROWID;
