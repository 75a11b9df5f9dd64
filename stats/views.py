"""The footer figures of the request's portal, fetched by every page so cached
HTML never freezes them."""

import logging

from django.db import DatabaseError
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .counting import figures_for

logger = logging.getLogger(__name__)

# Short enough to look live, long enough that a CDN or browser absorbs bursts.
FIGURES_MAX_AGE = 10


@require_safe
def figures_json(request):
    try:
        data = figures_for(request)
    except DatabaseError:
        logger.exception("stats: figures unavailable")
        response = JsonResponse(
            {"message": _("Statistics are temporarily unavailable.")}, status=503
        )
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    response = JsonResponse(data)
    patch_cache_control(response, public=True, max_age=FIGURES_MAX_AGE)
    return response


@require_safe
def figures_page(request):
    """The same figures as a page: the footer links here when scripts are off."""
    response = TemplateResponse(
        request, "stats/figures_page.html", {"figures": figures_for(request)}
    )
    patch_cache_control(response, public=True, max_age=FIGURES_MAX_AGE)
    return response
