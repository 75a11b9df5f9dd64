"""The one search of the site and the API: fold the query, match, rank.

A page matches when every folded query word (or any, with operator "or") is
in its folded title or body. Ranking adds, on top of the database's own
relevance (BM25 on SQLite, ts_rank on PostgreSQL), the words typed with
diacritics that the page has exactly as typed, and the query words standing
together as a phrase. Query words reach the database as quoted tokens made of
letters and digits only, so FTS and tsquery syntax in the input is just text.
"""

from dataclasses import dataclass

from django.db import NotSupportedError, connections
from django.db.models import F, Q
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page

from .models import SearchEntry
from .text import fold_word, has_diacritics, words

# What a person can usefully type; the rest is ignored, never an error.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_RANKED = 1000
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
        typed = words(str(text or "")[:MAX_QUERY_LENGTH])[:MAX_TERMS]
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
    }


def _tsquery(tokens, weights, joiner):
    return joiner.join(f"'{token}':{weights}" for token in tokens)


def _postgres_clauses(terms):
    joiner = " & " if terms.operator == "and" else " | "
    required = _tsquery(terms.unique, "AB", joiner)
    score = [
        f"ts_rank({PG_WEIGHTS}, search_searchentry.vector, to_tsquery('simple', %s))"
    ]
    params = [required]
    if terms.exact:
        score.append(
            f"ts_rank({PG_WEIGHTS}, search_searchentry.vector, "
            "to_tsquery('simple', %s))"
        )
        params.append(_tsquery(terms.exact, "CD", " | "))
    if len(terms.folded) > 1:
        score.append(
            "CASE WHEN search_searchentry.vector @@ to_tsquery('simple', %s) "
            f"THEN {PG_PHRASE_BONUS} ELSE 0 END"
        )
        params.append(_tsquery(terms.folded, "AB", " <-> "))
    return {
        "where": ["search_searchentry.vector @@ to_tsquery('simple', %s)"],
        "params": [required],
        "score": (" + ".join(score), params),
    }


def _match(queryset, terms, order_by_relevance, entry_id, tie_break):
    """Filter a queryset already joined to search_searchentry, and rank it.

    Relevance is computed for the newest MAX_RANKED matches only (by index
    entry id, which grows as pages are published); older matches follow,
    newest first. A word found in most pages stays fast to search that way.
    """
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        clauses = _sqlite_clauses(terms)
    elif vendor == "postgresql":
        clauses = _postgres_clauses(terms)
    else:
        raise NotSupportedError(f"Site search does not support {vendor}.")
    score, score_params = clauses.pop("score")
    # Query words are bound as parameters, never interpolated into the SQL.
    matched = queryset.extra(**clauses)
    if not order_by_relevance:
        return matched
    threshold = list(
        matched.order_by(f"-{entry_id}").values_list(entry_id, flat=True)[
            MAX_RANKED - 1 : MAX_RANKED
        ]
    )
    if threshold:
        score = f"CASE WHEN search_searchentry.id >= %s THEN {score} ELSE -1 END"
        score_params = [threshold[0], *score_params]
    ranked = matched.extra(  # noqa: S610 - only bound parameters
        select={SCORE: score}, select_params=score_params
    )
    return ranked.order_by(f"-{SCORE}", *tie_break)


def search_pages(queryset, text, *, operator=None, order_by_relevance=True):
    """Pages of `queryset` matching `text`, best first unless told otherwise.

    The API's search filter calls this through the "api_search" hook, so the
    API and the site find the same pages in the same order. Raises ValueError
    for an operator other than "and" or "or".
    """
    terms = Terms.parse(text, operator)
    if not terms:
        return queryset.none()
    return _match(
        queryset.filter(search_entry__isnull=False),
        terms,
        order_by_relevance,
        entry_id="search_entry__id",
        tie_break=("-pk",),
    )


def public_pages(site=None):
    """Live, public pages whose expiry has not passed (before the cron sees it)."""
    pages = (
        Page.objects.live()
        .public()
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    )
    return pages.in_site(site) if site else pages


def public_documents():
    """Documents outside every privacy-restricted collection (and its children)."""
    private = Q()
    for path in CollectionViewRestriction.objects.values_list(
        "collection__path", flat=True
    ):
        private |= Q(collection__path__startswith=path)
    documents = get_document_model().objects.all()
    return documents.exclude(private) if private else documents


def public_entries(pages):
    """Index entries of `pages` (see public_pages) and of public documents."""
    return SearchEntry.objects.filter(
        Q(page__in=pages.values("pk")) | Q(document__in=public_documents().values("pk"))
    )


def search_entries(terms, entries):
    """The entries (already filtered as wanted) that match, best first."""
    if not terms:
        return entries.none()
    # Ties go to the newest page, as in search_pages, so the site and the
    # API list the same pages in the same order.
    return _match(
        entries,
        terms,
        order_by_relevance=True,
        entry_id="id",
        tie_break=(F("page_id").desc(nulls_last=True), "-pk"),
    )
