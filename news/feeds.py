"""RSS 2.0 of a news index: the latest 20 public articles."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed

from cms import portals
from cms.images import absolute_url, is_placeholder, rendition
from cms.text import without_control_characters

FEED_ITEMS = 20


def _clean(value):
    if isinstance(value, list | tuple):
        return [without_control_characters(item) for item in value]
    return without_control_characters(value)


class CleanRss201rev2Feed(Rss201rev2Feed):
    """RSS with control characters removed from every text: XML cannot carry
    them, and one left in a title saved before they were cleaned on save
    (cms/signal_handlers.py) would break the feed for everyone."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *(_clean(a) for a in args), **{k: _clean(v) for k, v in kwargs.items()}
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *(_clean(a) for a in args), **{k: _clean(v) for k, v in kwargs.items()}
        )


class ArticleFeed(Feed):
    feed_type = CleanRss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def get_object(self, request, *args, **kwargs):
        return self.index_page

    def title(self, index):
        return index.title

    def link(self, index):
        return index.full_url

    def feed_url(self, index):
        # The portal's own address for rel="self", not whatever Host the
        # request carried.
        return index.full_url + "feed/"

    def description(self, index):
        return index.intro or index.title

    def items(self, index):
        return index.articles()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.full_url

    def item_guid(self, item):
        return item.full_url

    def item_pubdate(self, item):
        return item.display_date

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [item.category.name] if item.category else []

    def item_enclosures(self, item):
        if not item.hero_image:
            return []
        enclosed = rendition(item.hero_image, "width-800|format-jpeg")
        if is_placeholder(enclosed):
            return []  # the original cannot be read: the item goes without
        base = portals.base_url(portals.for_page(self.index_page))
        url = absolute_url(base, enclosed.url)
        return [Enclosure(url, str(enclosed.file.size), "image/jpeg")]
