-- Schema v8: the knowledge base's answers for residents (issue 16, store/faq_store.py), as the
-- gateway sent them: only approved texts (a translation approved against the current German).
-- No personal data. ``faq_search`` is an FTS5 index over the search terms of each text
-- (core/faq_text.py): one row per question, phrasing and answer, per search language. A
-- language without its own approved text searches German and English in its place.
CREATE TABLE faq_topics (
    topic_id    TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    legal_basis TEXT NOT NULL,  -- JSON list of strings
    demo        INTEGER NOT NULL,  -- 1: seed content no office has checked
    out_of_date TEXT NOT NULL  -- JSON list: languages whose translation waits for approval
) WITHOUT ROWID;

CREATE TABLE faq_texts (
    topic_id  TEXT NOT NULL REFERENCES faq_topics (topic_id) ON DELETE CASCADE,
    language  TEXT NOT NULL,
    version   INTEGER NOT NULL,
    question  TEXT NOT NULL,
    phrasings TEXT NOT NULL,  -- JSON list of strings
    answer    TEXT NOT NULL,  -- placeholders unfilled
    PRIMARY KEY (topic_id, language)
) WITHOUT ROWID;

-- kind: q (question), p (phrasing), a (answer), x (German and English questions and the
-- legal basis, for the office's words residents type in any language). words: stemmed words; grams: trigrams or
-- Chinese characters and bigrams (space-separated, already normalised).
CREATE VIRTUAL TABLE faq_search USING fts5 (
    topic_id UNINDEXED,
    language UNINDEXED,
    kind UNINDEXED,
    words,
    grams,
    tokenize = 'unicode61 remove_diacritics 0'
);
