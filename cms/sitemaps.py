"""The sitemap lists what an anonymous visitor can read, and nothing else."""

from django.db.models import Q
from django.utils import timezone

from wagtail.contrib.sitemaps import Sitemap


class PublicSitemap(Sitemap):
    """Wagtail's sitemap (live, public pages with `lastmod`) without pages
    past their expiry date: the scheduler unpublishes them only on its next
    run, and search engines should not learn them in between."""

    def items(self):
        return (
            super()
            .items()
            .exclude(expired=True)
            .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
        )
