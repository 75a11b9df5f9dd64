"""The yardstick for bench/api_wrk.sh: the same site plus a minimal JSON view.

The minimal view goes through the same middleware and gunicorn workers as the
API, so the ratio between them measures the API's own cost.
"""

from django.http import JsonResponse
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


def minimal_json(request):
    return JsonResponse({"meta": {"total_count": 1}, "items": [{"id": 1}]})


urlpatterns = [path("bench/minimal.json", minimal_json), *site_urlpatterns]
