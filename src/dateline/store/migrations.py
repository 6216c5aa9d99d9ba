"""The SQLite schema, as an ordered list of migrations; PRAGMA user_version is the version."""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, their analyses, duplicates and runs
    """
    CREATE TABLE articles (
        id            TEXT PRIMARY KEY,
        content_hash  TEXT NOT NULL,
        title         TEXT,
        published     TEXT,
        source        TEXT,
        url           TEXT,
        language      TEXT,
        origin        TEXT,
        text          TEXT NOT NULL,
        minhash       BLOB,
        duplicate_of  TEXT REFERENCES articles(id),
        duplicate_kind TEXT CHECK (duplicate_kind IN ('exact', 'near')),
        similarity    REAL,
        ingested_at   TEXT NOT NULL,
        CHECK ((duplicate_of IS NULL) = (duplicate_kind IS NULL))
    );
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
    CREATE TABLE analyses (
        article_id       TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        record           TEXT NOT NULL,
        language         TEXT NOT NULL,
        dateline_version TEXT NOT NULL,
        analyzed_at      TEXT NOT NULL
    );
    CREATE TABLE runs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        inputs      TEXT NOT NULL,
        summary     TEXT
    );
    """,
    # 2: the cross-article layer: which analyses are linked, incidents, derived tables
    """
    CREATE TABLE linked_articles (
        article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        analyzed_at TEXT NOT NULL
    );
    CREATE TABLE incidents (
        id        TEXT PRIMARY KEY,
        record    TEXT NOT NULL,
        type      TEXT NOT NULL,
        location  TEXT,
        date      TEXT,
        story_id  TEXT
    );
    CREATE INDEX incidents_story ON incidents(story_id);
    CREATE TABLE derived (
        kind    TEXT NOT NULL CHECK (kind IN ('story', 'contradiction', 'control')),
        id      TEXT NOT NULL,
        record  TEXT NOT NULL,
        PRIMARY KEY (kind, id)
    );
    """,
    # 3: full-text search over articles (title and text), kept in step by triggers
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
    """,
    # 4: per article, its confidently resolved places per admin-1 region: what an outlet's
    # home is learned from (dateline.outlets); filled from stored analyses on upgrade
    """
    CREATE TABLE outlet_places (
        article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        outlet      TEXT NOT NULL,
        country     TEXT NOT NULL,
        admin1      TEXT NOT NULL,
        places      INTEGER NOT NULL CHECK (places > 0),
        PRIMARY KEY (article_id, country, admin1)
    );
    CREATE INDEX outlet_places_outlet ON outlet_places(outlet);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
OUTLET_PLACES_SCHEMA = 4  # the version whose upgrade fills outlet_places from the analyses
