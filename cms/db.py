"""Database writes that add to counters (visit statistics, search hits)."""

from django.db import connection

# Rows per INSERT statement: well under SQLite's 32,766 parameter limit.
CHUNK = 300


def upsert(model, columns, conflict, increments, rows, replace=None):
    """INSERT ... ON CONFLICT DO UPDATE adding each increment column: an
    atomic increment however many workers write at once, with no model
    signals (counters are not content: no cache is renewed).

    Both SQLite (3.24+) and PostgreSQL accept this statement.
    """
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    updates = [f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in increments]
    updates += replace or []
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
                f"VALUES {', '.join([placeholders] * len(chunk))} "
                f"ON CONFLICT ({', '.join(qn(c) for c in conflict)}) "
                f"DO UPDATE SET {', '.join(updates)}",
                [value for row in chunk for value in row],
            )
