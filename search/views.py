"""The public search page: /search/?q=…&type=…&date_from=…&date_to=…&page=…
(&scope=province on the province portal: every portal's pages, archives
included; &archives=1 on a portal that took over closed ones: their archives
too, docs/archives.md)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import F, Q, Sum
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from cms import caching, page_cache, portals, units
from cms.fragments import versioned_key
from cms.text import fold, words
from cms.visibility import in_portals_q, seconds_visible, visible_q

from . import hits
from .forms import SearchForm, type_label
from .models import SearchEntry
from .query import (
    MAX_TERMS,
    Terms,
    search_entries,
    visible_entries,
)
from .snippets import highlight, snippet

RESULTS_PER_PAGE = 10
SUGGESTIONS = 5
POPULAR_DAYS = 30
# The page's own parameters: a request carrying any other is answered afresh
# and never kept, so made-up parameters cannot fill the cache.
PARAMS = {"q", "type", "date_from", "date_to", "scope", "archives", "page"}


def page_link(page, here, absolute):
    """(URL, portal) of a page: its path below its portal's root, on that
    portal's address when `absolute` or when it is not the portal asked.
    Read from the portals directory, so a list of results costs no query."""
    owner = portals.for_page(page)
    if owner is None:
        return page.url_path, None
    path = "/" + page.url_path[len(owner.root_url_path) :]
    if absolute or owner != here:
        return owner.base_url + path, owner
    return path, owner


class Result:
    """What the template shows for one index entry."""

    def __init__(self, entry, terms, here, province_wide):
        self.entry = entry
        self.portal = None
        # An archive's result names the agency as it was on the page's date.
        self.agency = ""
        if entry.page_id:
            self.url, self.portal = page_link(entry.page, here, province_wide)
            if self.portal is not None and self.portal.is_archive:
                self.agency = units.agency_name_on(self.portal, entry.date)
        else:
            self.url = entry.document.url
        model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
        self.type_label = type_label(model) if model else ""
        self.title = highlight(entry.title, terms.folded)
        self.snippet = snippet(entry.text, terms.folded)
        self.date = timezone.localtime(entry.date) if entry.date else None


def promotions(terms, scope, here, province_wide):
    """Promotions whose query folds to the same words as the one typed.

    Officers type promotion queries with diacritics; citizens often without.
    Promoted pages that are not live and public, or outside the portals
    searched, are left out; links to other sites show on every portal.
    """
    picks = (
        SearchPromotion.objects.filter(
            Q(page__isnull=True) | (visible_q("page__") & in_portals_q(scope, "page__"))
        )
        .select_related("query", "page")
        .order_by("sort_order", "pk")
    )
    found = []
    for pick in picks:
        words_ = " ".join(fold(word) for word in pick.query.query_string.split())
        if words_ != terms.key:
            continue
        if pick.page_id:
            pick.url, pick.portal = page_link(pick.page, here, province_wide)
        found.append(pick)
    return found


def suggested_queries(scope):
    """Queries officers promote results for, the most searched lately first.

    Only curated queries are suggested, so nobody can plant a suggestion on
    the public page by searching for it many times; and only those promoting
    a page of the portals searched (or a link to another site).
    """
    since = timezone.localdate() - datetime.timedelta(days=POPULAR_DAYS)
    curated = SearchPromotion.objects.filter(
        Q(page__isnull=True) | in_portals_q(scope, "page__")
    )
    queries = (
        Query.objects.filter(pk__in=curated.values("query_id"))
        .annotate(recent=Sum("daily_hits__hits", filter=Q(daily_hits__date__gte=since)))
        .order_by(F("recent").desc(nulls_last=True), "query_string")
    )
    return [query.query_string for query in queries[:SUGGESTIONS]]


def ranked(request, terms, entries, *key_parts):
    """(the ranked matches, whether they came from the cache), kept under
    the portal's content version for SEARCH_CACHE_SECONDS: a popular search
    is ranked once per version, not per visit. `key_parts` name everything
    that chose `entries`. A publish on the portal (or, for the province, on
    any commune) starts afresh."""
    seconds = settings.SEARCH_CACHE_SECONDS
    if not seconds or caching.version(request) is None:
        return search_entries(terms, entries), False
    key = versioned_key(request, "search", terms, *key_parts)
    found = caching.get_entry(key)
    if found is not None:
        return found, True
    found = search_entries(terms, entries)
    caching.keep_entry(key, found, seconds)
    return found, False


def answer_key(request, here):
    """The key a whole rendered answer to this request is kept under, or
    None when it must be answered afresh: a signed-in officer's page, an
    unknown parameter, the cache off or failing.

    The key names the portal, the language and every parameter as sent; the
    version (the portal's, which for the province renews with any commune's
    pages) kills every kept answer when content changes."""
    if (
        not settings.SEARCH_CACHE_SECONDS
        or request.method != "GET"
        or page_cache.is_personal(request)
        or not set(request.GET) <= PARAMS
        or caching.version(request) is None
    ):
        return None
    return versioned_key(
        request,
        "search-page",
        here.site_id if here else None,
        get_language(),
        sorted(request.GET.lists()),
    )


def counted(request):
    """Whether this request counts as a search: the first page of results,
    not a page turned."""
    return request.GET.get("page", "1") in ("", "1")


def search(request):
    """The search page. A search asked again within SEARCH_CACHE_SECONDS
    (its ranking was still kept) is kept whole under the same version, so a
    popular search costs one cache read; it still counts as a search."""
    here = portals.for_request(request)
    key = answer_key(request, here)
    kept = caching.get_entry(key) if key else None
    if kept is not None:
        content, words_searched = kept
        if words_searched and counted(request):
            hits.count(words_searched)
        return HttpResponse(content)
    response, seconds, words_searched = render_search(request, here)
    if key and seconds > 0:
        response.render()
        if response.status_code == 200 and not response.cookies:
            caching.keep_entry(key, (response.content, words_searched), seconds)
    return response


def render_search(request, here):
    """(the response, how long it may be kept whole: 0 unless its ranking
    came from the cache, the folded words searched or "")."""
    offered = here is not None and here == portals.province()
    form = SearchForm(request.GET, province_wide_offered=offered)
    query = form.valid("q") or ""
    terms = Terms.parse(query)
    province_wide = form.province_wide()
    archived = portals.predecessors(here) if here is not None else []
    with_archives = bool(archived) and form.with_archives()
    if province_wide:
        scope = portals.all_portals()
    else:
        scope = ([here] if here else []) + (archived if with_archives else [])
    context = {
        "archives_offered": bool(archived),
        "with_archives": with_archives,
        "form": form,
        "search_query": query,
        "notices": form.notices(),
        "terms": terms,
        "province_wide_offered": offered,
        "province_wide": province_wide,
    }
    keep_seconds = 0
    if terms:
        entries = visible_entries(scope)
        content_type = form.content_type()
        start, end = form.date_range()
        filtered = bool(content_type or start or end)
        if content_type:
            entries = entries.filter(content_type=content_type)
        if start:
            entries = entries.filter(date__gte=start)
        if end:
            entries = entries.filter(date__lt=end)
        picks = [] if filtered else promotions(terms, scope, here, province_wide)
        promoted_pages = [pick.page_id for pick in picks if pick.page_id]
        if promoted_pages:
            entries = entries.exclude(page_id__in=promoted_pages)
        found, popular = ranked(
            request,
            terms,
            entries,
            [portal.site_id for portal in scope],
            content_type.pk if content_type else None,
            start,
            end,
            promoted_pages,
        )
        # Rank and page over ids only, then load the shown rows.
        paginator = Paginator(found.keys, RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        ids = page_obj.object_list
        # Checked again: ranked ids may come from the cache, from before a
        # page's expiry time passed.
        rows = (
            SearchEntry.objects.filter(Q(page__isnull=True) | visible_q("page__"))
            .select_related("page", "document")
            .in_bulk(ids)
        )
        if counted(request):
            # Only the folded words are kept, nothing about who asked.
            hits.count(terms.key)
        typed = list(dict.fromkeys(words(query)))[:MAX_TERMS]
        query_string = request.GET.copy()
        query_string.pop("page", None)
        context.update(
            {
                "page_obj": page_obj,
                "results": [
                    Result(rows[pk], terms, here, province_wide)
                    for pk in ids
                    if pk in rows
                ],
                "more": found.more,
                "promotions": picks if page_obj.number == 1 else [],
                "filtered": filtered,
                "filter_query": query_string.urlencode(),
                "words": typed if len(typed) > 1 else [],
            }
        )
        if not paginator.count:
            context["suggestions"] = suggested_queries(scope)
        if popular:
            # Never kept past a page's expiry (no row changes then).
            keep_seconds = seconds_visible(request, settings.SEARCH_CACHE_SECONDS)
    response = TemplateResponse(request, "search/search.html", context)
    return response, keep_seconds, terms.key if terms else ""
