"""Receivers of cms: each site's settings row, page cache purges, fragment
versions.

Every site has its settings row from the moment it exists. Wagtail creates a site's settings on the first request that reads them
(get_or_create); concurrent first requests then race to insert the same row
and all but one fail. Creating the row with the site removes the race.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from cms import fragments, page_cache
from cms.models import SiteSettings


@receiver(post_save, sender=Site)
def create_site_settings(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        SiteSettings.objects.get_or_create(site=instance)


# The page cache (cms/page_cache.py, docs/caching.md). A publish or unpublish
# purges the page and the pages that list or link to it; a move, a slug change
# or a delete changes the URLs of a whole subtree, and a view restriction or
# the site's settings show on every page: those purge everything.


@receiver(page_published)
@receiver(page_unpublished)
def purge_published_page(sender, instance, **kwargs):
    page_cache.on_commit(page_cache.purge_page, instance)


@receiver(post_page_move)
@receiver(page_slug_changed)
@receiver(post_delete, sender=Page)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=SiteSettings)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def purge_every_page(sender, **kwargs):
    page_cache.on_commit(page_cache.purge_everything)


# Rendered fragments (cms/fragments.py): a change to any content row, and a
# move (its URL updates bypass save), starts a new version.


@receiver(post_save)
@receiver(post_delete)
def bump_fragment_version(sender, raw=False, **kwargs):
    if not raw and sender._meta.app_label in fragments.CONTENT_APPS:
        fragments.bump_on_commit()


post_page_move.connect(fragments.bump_on_commit)
