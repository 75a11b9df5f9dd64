"""The sitemap lists what an anonymous visitor can read, and nothing else."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from cms.visibility import visible


class PublicSitemap(Sitemap):
    """Wagtail's sitemap (with `lastmod`) of the site's visible pages
    (cms/visibility.py): nothing past its expiry date either, which the
    scheduler unpublishes only on its next run."""

    def items(self):
        pages = visible(Page.objects.all(), site=self.get_wagtail_site())
        return pages.order_by("path").defer_streamfields().specific()
