"""The one search of the site and the API: fold the query, match, rank.

A page matches when every folded query word (or any, with operator "or") is
in its folded title or body. Ranking adds, on top of the database's own
relevance (BM25 on SQLite, ts_rank on PostgreSQL), the words typed with
diacritics that the page has exactly as typed, and the query words standing
together as a phrase. Query words reach the database as quoted tokens made of
letters and digits only, so FTS and tsquery syntax in the input is just text.

Only the newest MAX_RESULTS matches (by index entry, which grows as pages are
published) are listed and ranked. The database walks the full-text index from
the newest entry down and stops there, checking visibility on those rows
only, each through its primary key: a word found in every page costs about
what a rare one does.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import NotSupportedError, connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)

from wagtail.documents import get_document_model
from wagtail.models import Page

from cms.text import fold_word, has_diacritics, words
from cms.visibility import hidden_collection_ids, in_portals_q, visible_q

from .models import SearchEntry

# What a person can usefully type; the rest is ignored, never an error.
MAX_TERMS = 8
MAX_RESULTS = 500
OPERATORS = ("and", "or")
SCORE = "search_score"

FTS_TABLE = "search_searchentry_fts"
FTS_FOLDED = "{title_folded body_folded}"
FTS_EXACT = "{title_exact body_exact}"
# Column weights: folded title, folded body, exact title, exact body.
FTS_RANK = f"-bm25({FTS_TABLE}, 4.0, 1.0, 4.0, 1.0)"

# ts_rank weights in PostgreSQL's order: D exact body, C exact title,
# B folded body, A folded title.
PG_WEIGHTS = "'{0.4, 1.0, 0.4, 1.0}'"
PG_PHRASE_BONUS = 0.1


@dataclass(frozen=True)
class Terms:
    folded: tuple  # every query word, folded, in the order typed
    exact: tuple  # the query words typed with diacritics
    operator: str

    @classmethod
    def parse(cls, text, operator=None):
        operator = (operator or "and").strip().lower()
        if operator not in OPERATORS:
            raise ValueError("operator must be 'and' or 'or'")
        typed = words(str(text or "")[: settings.SEARCH_MAX_LENGTH])[:MAX_TERMS]
        exact = tuple(dict.fromkeys(word for word in typed if has_diacritics(word)))
        return cls(tuple(fold_word(word) for word in typed), exact, operator)

    def __bool__(self):
        return bool(self.folded)

    @property
    def unique(self):
        return tuple(dict.fromkeys(self.folded))

    @property
    def key(self):
        """The folded query as one string, used for logging and promotions."""
        return " ".join(self.folded)


def _fts_phrase(tokens):
    return '"' + " ".join(token.replace('"', '""') for token in tokens) + '"'


def _sqlite_clauses(terms):
    joiner = " AND " if terms.operator == "and" else " OR "
    required = joiner.join(f"{FTS_FOLDED} : {_fts_phrase([t])}" for t in terms.unique)
    boosts = [f"{FTS_EXACT} : {_fts_phrase([t])}" for t in terms.exact]
    if len(terms.folded) > 1:
        boosts.append(f"{FTS_FOLDED} : {_fts_phrase(terms.folded)}")
    # "R AND (R OR boosts)" matches what R matches, while BM25 also scores
    # the boost phrases a page contains.
    expression = f"({required})"
    if boosts:
        expression = f"({required}) AND (({required}) OR {' OR '.join(boosts)})"
    return {
        "tables": [FTS_TABLE],
        "where": [
            f"{FTS_TABLE}.rowid = search_searchentry.id",
            f"{FTS_TABLE} MATCH %s",
        ],
        "params": [expression],
        "score": (FTS_RANK, []),
        "newest": f"{FTS_TABLE}.rowid",
    }


def _tsquery(tokens, joiner):
    # No weight labels: folded and exact lexemes never coincide (exact ones
    # carry diacritics), and a labelled query makes PostgreSQL recheck every
    # GIN hit against the stored vector.
    return joiner.join(f"'{token}'" for token in tokens)


def _postgres_clauses(terms):
    joiner = " & " if terms.operator == "and" else " | "
    required = _tsquery(terms.unique, joiner)
    score = [
        f"ts_rank({PG_WEIGHTS}, search_searchentry.vector, to_tsquery('simple', %s))"
    ]
    params = [required]
    if terms.exact:
        score.append(
            f"ts_rank({PG_WEIGHTS}, search_searchentry.vector, "
            "to_tsquery('simple', %s))"
        )
        params.append(_tsquery(terms.exact, " | "))
    if len(terms.folded) > 1:
        score.append(
            "CASE WHEN search_searchentry.vector @@ to_tsquery('simple', %s) "
            f"THEN {PG_PHRASE_BONUS} ELSE 0 END"
        )
        params.append(_tsquery(terms.folded, " <-> "))
    return {
        "where": ["search_searchentry.terms @@ to_tsquery('simple', %s)"],
        "params": [required],
        "score": (" + ".join(score), params),
        "newest": "search_searchentry.id",
    }


def _clauses(queryset, terms):
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        return _sqlite_clauses(terms)
    if vendor == "postgresql":
        return _postgres_clauses(terms)
    raise NotSupportedError(f"Site search does not support {vendor}.")


def _match(queryset, terms):
    """Filter a queryset already joined to search_searchentry to the matches."""
    clauses = _clauses(queryset, terms)
    del clauses["score"], clauses["newest"]
    # Query words are bound as parameters, never interpolated into the SQL.
    return queryset.extra(**clauses)


@dataclass(frozen=True)
class Found:
    """What a search found: `keys` best first, and whether more matched."""

    keys: list
    more: bool


def _rank(entries, terms, key):
    """The newest MAX_RESULTS matching `entries` (as `key`), best first.

    The database walks the full-text index from the newest entry down and
    stops after MAX_RESULTS + 1 rows that pass the filters, so filters are
    checked on those rows only and relevance is computed for them only.
    Ties keep that order: the newest entry first.
    """
    clauses = _clauses(entries, terms)
    score, score_params = clauses.pop("score")
    newest = f"-{clauses.pop('newest')}"
    if connections[entries.db].vendor == "postgresql":
        rows = _postgres_window(entries, clauses, newest, score, score_params, key)
    else:
        rows = list(
            entries.extra(  # noqa: S610 - only bound parameters
                select={SCORE: score},
                select_params=score_params,
                order_by=[newest],
                **clauses,
            ).values_list(key, SCORE)[: MAX_RESULTS + 1]
        )
    ranked = sorted(rows[:MAX_RESULTS], key=lambda row: -row[1])
    return Found([pk for pk, _score in ranked], len(rows) > MAX_RESULTS)


def _postgres_window(entries, clauses, newest, score, score_params, key):
    """Cut the window first, then rank it.

    ts_rank reads each row's whole weighted vector (from TOAST storage), and
    PostgreSQL would compute it for every match before sorting them by age.
    JIT compilation is off for the query: compiling costs more than running.
    """
    window = entries.extra(order_by=[newest], **clauses).values_list("pk", flat=True)
    with transaction.atomic(using=entries.db):
        with connections[entries.db].cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        ids = list(window[: MAX_RESULTS + 1])
    return list(
        SearchEntry.objects.filter(pk__in=ids)
        .extra(select={SCORE: score}, select_params=score_params)  # noqa: S610
        .order_by("-pk")
        .values_list(key, SCORE)
    )


def _one_of(queryset, column):
    """True for an entry whose `column` is the pk of a row of `queryset`.

    A scalar subquery, looked up through the primary key for each entry the
    search walks past. As `column IN (queryset)` or a join, PostgreSQL would
    read every page of the site before listing the first result.
    """
    return Subquery(
        queryset.order_by().filter(pk=OuterRef(column)).values(one=Value(True)),
        output_field=BooleanField(),
    )


def search_pages(queryset, text, *, operator=None, order_by_relevance=True):
    """Pages of `queryset` matching `text`, best first unless told otherwise.

    Ranked, it lists the same pages in the same order as the search page:
    the newest MAX_RESULTS matches, best first. Unranked (the API's `order`),
    every match. The API's search filter calls this through the "api_search"
    hook. Raises ValueError for an operator other than "and" or "or".
    """
    terms = Terms.parse(text, operator)
    if not terms:
        return queryset.none()
    if not order_by_relevance:
        return _match(queryset.filter(search_entry__isnull=False), terms)
    entries = SearchEntry.objects.filter(_one_of(queryset, "page_id"))
    keys = _rank(entries, terms, "page_id").keys
    if not keys:
        return queryset.none()
    position = Case(*(When(pk=pk, then=Value(n)) for n, pk in enumerate(keys)))
    return queryset.filter(pk__in=keys).order_by(position)


def visible_entries(portals):
    """Index entries of the visible pages (cms/visibility.py) of these portals
    (cms/portals.Portal: the request's, or every one for a province-wide
    search) and of their public documents."""
    shown = Page.objects.filter(visible_q() & in_portals_q(portals))
    private = hidden_collection_ids(portals)
    documents = get_document_model().objects.exclude(collection_id__in=private)
    if len(portals) == 1:
        # One portal's pages and files are a small share of the index: the
        # database lists them once and keeps the entries among them, rather
        # than looking up each entry's page or file as it walks past the
        # entries of every other portal (a commune of 120 on PostgreSQL,
        # 36,000 articles: the window took 125 ms, now 33 ms). Across every
        # portal the look-up per entry stays cheaper: the walk stops at the
        # window's end, and the lists would hold the whole site.
        return SearchEntry.objects.filter(
            Q(page_id__in=shown.values("pk"))
            | Q(document_id__in=documents.values("pk"))
        )
    pages = _one_of(shown, "page_id")
    if private:
        return SearchEntry.objects.filter(
            Q(pages) | Q(_one_of(documents, "document_id"))
        )
    return SearchEntry.objects.filter(Q(pages) | Q(document__isnull=False))


def search_entries(terms, entries):
    """The newest MAX_RESULTS entries of `entries` that match, best first."""
    if not terms:
        return Found([], False)
    return _rank(entries, terms, "pk")


def count_entries(terms, entries):
    """How many of `entries` match, however many (the benchmark reports it)."""
    return _match(entries, terms).count() if terms else 0
