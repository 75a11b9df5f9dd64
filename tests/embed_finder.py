"""An embed finder that answers without the network, for tests."""

from wagtail.embeds.finders.base import EmbedFinder


class LocalVideoFinder(EmbedFinder):
    def accept(self, url):
        return url.startswith("https://video.example/")

    def find_embed(self, url, max_width=None, max_height=None):
        return {
            "title": "Video",
            "author_name": "",
            "provider_name": "Local",
            "type": "video",
            "thumbnail_url": None,
            "width": 640,
            "height": 360,
            "html": f'<iframe title="Video" src="{url}" width="640" height="360"></iframe>',
        }
