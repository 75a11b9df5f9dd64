"""The one Wagtail API v2, mounted at /api/v2/ (see docs/api.md).

On top of Wagtail's endpoints it adds what mobile apps were promised, one
concern per module:

- `endpoints`: pages, images and documents, from one public queryset
  (cms/visibility.py): the request's user, session and Host never widen it,
  so a response can be cached and shared;
- `serializers`: typed fields declared on the models, read from what
  `prefetch` loaded in bulk, so query counts do not grow with the listing;
- `parameters`: the limits (declared once), pagination, filters and search;
  each bad parameter is a 400 with a JSON message, never a 500;
- `cache`: a shared response cache keyed on the content version
  (cms/caching.py); ETag and 304 come from Django's ConditionalGetMiddleware;
- `router`: /api/v2/site/, /api/v2/schema/ (`openapi`), routes other apps
  register, and JSON 404s under /api/.
"""
