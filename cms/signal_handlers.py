"""Receivers of cms: each site's settings row, sign-in throttling. (What
content changes mean for caches: cms/caching.py.)

Every site has its settings row from the moment it exists. Wagtail creates a site's settings on the first request that reads them
(get_or_create); concurrent first requests then race to insert the same row
and all but one fail. Creating the row with the site removes the race.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import Site

from cms import throttle
from cms.models import SiteSettings


@receiver(post_save, sender=Site)
def create_site_settings(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        SiteSettings.objects.get_or_create(site=instance)


# Sign-in throttling (cms/throttle.py): every sign-in form sends these.


@receiver(user_login_failed)
def count_failed_sign_in(sender, credentials, request=None, **kwargs):
    if request is not None:
        username = credentials.get(get_user_model().USERNAME_FIELD, "")
        throttle.record_failure(throttle.sign_in_counters(request, username))


@receiver(user_logged_in)
def clear_failed_sign_ins(sender, request, user, **kwargs):
    if request is not None:
        throttle.clear(throttle.sign_in_counters(request, user.get_username()))
