from django.urls import include, path

from editorial.preview import preview_router

urlpatterns = [
    path(
        "",
        include(
            (preview_router.get_urlpatterns(), "wagtailapi"),
            namespace=preview_router.url_namespace,
        ),
    )
]
