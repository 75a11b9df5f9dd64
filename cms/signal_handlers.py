"""Receivers of cms: each site's settings row. (What content changes mean for
caches: cms/caching.py.)

Every site has its settings row from the moment it exists. Wagtail creates a
site's settings on the first request that reads them (get_or_create);
concurrent first requests then race to insert the same row and all but one
fail. Creating the row with the site removes the race.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import Site

from cms.models import SiteSettings


@receiver(post_save, sender=Site)
def create_site_settings(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        SiteSettings.objects.get_or_create(site=instance)
