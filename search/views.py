"""The public search page: /search/?q=…&type=…&date_from=…&date_to=…&page=…"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import F, Q, Sum
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import capfirst

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Site
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH

from cms.text import fold, words
from cms.visibility import visible_q

from .forms import SearchForm
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


class Result:
    """What the template shows for one index entry."""

    def __init__(self, entry, terms, request):
        self.entry = entry
        self.url = entry.page.get_url(request) if entry.page_id else entry.document.url
        model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
        self.type_label = capfirst(model._meta.verbose_name) if model else ""
        self.title = highlight(entry.title, terms.folded)
        self.snippet = snippet(entry.text, terms.folded)
        self.date = timezone.localtime(entry.date) if entry.date else None


def promotions(terms, site):
    """Promotions whose query folds to the same words as the one typed.

    Officers type promotion queries with diacritics; citizens often without.
    Promoted pages that are not live and public are left out.
    """
    picks = (
        SearchPromotion.objects.filter(Q(page__isnull=True) | visible_q("page__", site))
        .select_related("query", "page")
        .order_by("sort_order", "pk")
    )
    return [
        pick
        for pick in picks
        if " ".join(fold(word) for word in pick.query.query_string.split()) == terms.key
    ]


def suggested_queries():
    """Queries officers promote results for, the most searched lately first.

    Only curated queries are suggested, so nobody can plant a suggestion on
    the public page by searching for it many times.
    """
    since = timezone.localdate() - datetime.timedelta(days=POPULAR_DAYS)
    queries = (
        Query.objects.filter(pk__in=SearchPromotion.objects.values("query_id"))
        .annotate(recent=Sum("daily_hits__hits", filter=Q(daily_hits__date__gte=since)))
        .order_by(F("recent").desc(nulls_last=True), "query_string")
    )
    return [query.query_string for query in queries[:SUGGESTIONS]]


def search(request):
    form = SearchForm(request.GET)
    query = form.valid("q") or ""
    terms = Terms.parse(query)
    site = Site.find_for_request(request)
    context = {
        "form": form,
        "search_query": query,
        "notices": form.notices(),
        "terms": terms,
    }
    if terms:
        entries = visible_entries(site)
        content_type = form.content_type()
        start, end = form.date_range()
        filtered = bool(content_type or start or end)
        if content_type:
            entries = entries.filter(content_type=content_type)
        if start:
            entries = entries.filter(date__gte=start)
        if end:
            entries = entries.filter(date__lt=end)
        picks = [] if filtered else promotions(terms, site)
        promoted_pages = [pick.page_id for pick in picks if pick.page_id]
        if promoted_pages:
            entries = entries.exclude(page_id__in=promoted_pages)
        found = search_entries(terms, entries)
        # Rank and page over ids only, then load the shown rows.
        paginator = Paginator(found.keys, RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        ids = page_obj.object_list
        rows = SearchEntry.objects.select_related("page", "document").in_bulk(ids)
        if request.GET.get("page", "1") in ("", "1"):
            # One hit per search, not per page turned; only the folded words
            # are kept, nothing about who asked.
            Query.get(terms.key[:MAX_QUERY_STRING_LENGTH]).add_hit()
        typed = list(dict.fromkeys(words(query)))[:MAX_TERMS]
        query_string = request.GET.copy()
        query_string.pop("page", None)
        context.update(
            {
                "page_obj": page_obj,
                "results": [
                    Result(rows[pk], terms, request) for pk in ids if pk in rows
                ],
                "more": found.more,
                "promotions": picks if page_obj.number == 1 else [],
                "filtered": filtered,
                "filter_query": query_string.urlencode(),
                "words": typed if len(typed) > 1 else [],
            }
        )
        if not paginator.count:
            context["suggestions"] = suggested_queries()
    return TemplateResponse(request, "search/search.html", context)
