"""PostgreSQL: match on a narrow column, rank on the weighted vector.

Checking `vector @@ query` row by row (which PostgreSQL does when it walks
the newest entries first) reads each row's whole vector, positions included,
from the TOAST table: tens of microseconds a row. `terms` holds the folded
words only, without positions or weights (strip), kept in the row itself
(storage MAIN) so that check costs about a microsecond; the GIN index moves
to it. `vector` stays for ranking the few rows listed. Rows written before
this migration keep their old storage until `rebuild_search_index` (or
VACUUM FULL search_searchentry) rewrites them. SQLite needs nothing.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    ALTER TABLE search_searchentry ADD COLUMN terms tsvector
    GENERATED ALWAYS AS (
        strip(to_tsvector('simple'::regconfig, title_folded || ' ' || body_folded))
    ) STORED
    """,
    "ALTER TABLE search_searchentry ALTER COLUMN terms SET STORAGE MAIN",
    "CREATE INDEX search_searchentry_terms ON search_searchentry USING GIN (terms)",
    "DROP INDEX IF EXISTS search_searchentry_vector",
]
POSTGRES_BACKWARD = [
    "CREATE INDEX search_searchentry_vector ON search_searchentry USING GIN (vector)",
    "DROP INDEX IF EXISTS search_searchentry_terms",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS terms",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [
        migrations.RunPython(run(POSTGRES_FORWARD), run(POSTGRES_BACKWARD)),
    ]
