"""Renditions made when a page is published, in the background (django-tasks).

A published page's images get every rendition its template, its listing card
and its API response read (the same specs, cms/images.py), so the first
visitor never waits for image processing. The immediate backend (the default)
makes them during the publication; with the database backend the task row
commits with the publication and `manage.py db_worker` makes them
(docs/images.md).
"""

from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published

from django_tasks import task

from cms.images import page_images, rendition_specs


@task()
def make_page_renditions(page_id):
    """Make the renditions of a live page's images; returns how many it has."""
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        return 0
    count = 0
    for image in page_images(page.specific):
        count += len(image.get_renditions(*rendition_specs(image)))
    return count


@receiver(page_published)
def make_renditions_on_publish(sender, instance, **kwargs):
    make_page_renditions.enqueue(instance.pk)
