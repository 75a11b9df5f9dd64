"""Content checks a page must pass before it is published or submitted.

They complement the models' own validation (which runs on every save) with
rules that only matter once a page goes out to citizens.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.images import image_block_images
from news.models import EventPage, NewsArticlePage, OfficialPage
from news.models.articles import SUMMARY_MAX_LENGTH


def _article_problems(page):
    summary = (page.summary or "").strip()
    if not summary:
        yield _("Write a summary before publishing.")
    elif len(summary) > SUMMARY_MAX_LENGTH:
        yield _("The summary has %(count)d characters; at most %(max)d.") % {
            "count": len(summary),
            "max": SUMMARY_MAX_LENGTH,
        }
    if page.hero_image is not None and not page.hero_image.description.strip():
        yield _(
            "The main image has no alternative text: describe the photo in the "
            "image's “Description” field."
        )
    yield from _body_image_problems(page.body)


def _body_image_problems(body):
    """Body images (galleries too) need alt text unless marked decorative."""
    missing = sum(
        1
        for image in image_block_images(body)
        if not image.decorative
        and not (image.contextual_alt_text or "").strip()
        and not image.description.strip()
    )
    if missing:
        yield ngettext(
            "An image in the body has no alternative text: describe it in the "
            "block's “Alt text” or tick “Image is decorative” if it adds "
            "nothing.",
            "%(count)d images in the body have no alternative text: describe "
            "each in its block's “Alt text” or tick “Image is decorative” if "
            "it adds nothing.",
            missing,
        ) % {"count": missing}


def _event_problems(page):
    if page.start and page.end and page.end <= page.start:
        yield _("The event must end after it starts.")
    yield from _body_image_problems(page.body)


def _official_problems(page):
    today = timezone.localdate()
    if not any(position.is_held_on(today) for position in page.positions.all()):
        yield _("An official needs at least one current position.")


CHECKS = {
    NewsArticlePage: _article_problems,
    EventPage: _event_problems,
    OfficialPage: _official_problems,
}


def problems(page):
    """What stops `page` (a specific page, possibly unsaved) from going out."""
    check = CHECKS.get(type(page))
    return list(check(page)) if check else []


def latest_problems(page):
    """What stops the latest revision of `page`, the one an approval publishes."""
    return problems(page.get_latest_revision_as_object())
