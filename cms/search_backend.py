"""Wagtail's database search backend (the admin's search of images,
documents and pages, and their choosers), with FTS5 queries that cannot be
malformed on SQLite.

The SQLite compiler quotes each word as an FTS5 string without doubling a
`"` inside it, so a lone `"` (or `a"b`) made an "unterminated string" error
that the outage middleware answered as a 503. Here a word that is only
quotes is dropped and any other `"` is doubled, FTS5's escape; its tokenizer
drops `"` as punctuation, so no match changes. A query of quotes alone
becomes an empty phrase, which matches nothing.
PostgreSQL and every other database get modelsearch's own backend unchanged.
The public search is search/'s own index and has its own rules
(docs/search.md).
"""

from functools import cache

from django.db import connection

from modelsearch.backends import database
from modelsearch.query import Phrase, PlainText


def _without_quotes(query):
    if isinstance(query, PlainText):
        words = [
            w.replace('"', '""') for w in query.query_string.split() if w.strip('"')
        ]
        return PlainText(
            " ".join(words) or '""', operator=query.operator, boost=query.boost
        )
    if isinstance(query, Phrase):
        return Phrase(query.query_string.replace('"', '""'))
    return query


@cache
def quote_safe_sqlite_backend():
    """The SQLite backend's class with quote-safe compilers. Imported here,
    not at the top: modelsearch's SQLite module declares models that exist
    only on SQLite, and fails to import on PostgreSQL."""
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class QueryCompiler(SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(_without_quotes(query), config)

    class AutocompleteQueryCompiler(SQLiteAutocompleteQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(_without_quotes(query), config)

    class QuoteSafeSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler

    return SQLiteSearchBackend, QuoteSafeSQLiteSearchBackend


# Named as Wagtail's settings look it up in a backend module.
def SearchBackend(params):
    """modelsearch's choice for the database in use, quote-safe on SQLite."""
    backend = database.SearchBackend(params)
    if connection.vendor != "sqlite":
        return backend
    sqlite_backend, quote_safe = quote_safe_sqlite_backend()
    if type(backend) is sqlite_backend:
        return quote_safe(params)
    return backend
