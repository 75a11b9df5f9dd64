"""The full-text index over search_searchentry, per database.

Text is folded and split into words in Python (cms/text.py) before it is
stored, so neither database needs unaccent or a language configuration: the
SQLite tokenizer keeps diacritics as they are, PostgreSQL uses 'simple'.
Weights on PostgreSQL: A folded title, B folded body, C exact title, D exact
body; SQLite keeps the same four as FTS5 columns.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        title_folded, body_folded, title_exact, body_exact,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry
    BEGIN
        INSERT INTO search_searchentry_fts
            (rowid, title_folded, body_folded, title_exact, body_exact)
        VALUES
            (new.id, new.title_folded, new.body_folded, new.title_exact,
             new.body_exact);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry
    BEGIN
        INSERT INTO search_searchentry_fts
            (search_searchentry_fts, rowid, title_folded, body_folded, title_exact,
             body_exact)
        VALUES
            ('delete', old.id, old.title_folded, old.body_folded, old.title_exact,
             old.body_exact);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE ON search_searchentry
    BEGIN
        INSERT INTO search_searchentry_fts
            (search_searchentry_fts, rowid, title_folded, body_folded, title_exact,
             body_exact)
        VALUES
            ('delete', old.id, old.title_folded, old.body_folded, old.title_exact,
             old.body_exact);
        INSERT INTO search_searchentry_fts
            (rowid, title_folded, body_folded, title_exact, body_exact)
        VALUES
            (new.id, new.title_folded, new.body_folded, new.title_exact,
             new.body_exact);
    END
    """,
    "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_insert",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]

POSTGRES_FORWARD = [
    """
    ALTER TABLE search_searchentry ADD COLUMN vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_folded), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_folded), 'B')
        || setweight(to_tsvector('simple'::regconfig, title_exact), 'C')
        || setweight(to_tsvector('simple'::regconfig, body_exact), 'D')
    ) STORED
    """,
    "CREATE INDEX search_searchentry_vector ON search_searchentry USING GIN (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_searchentry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
