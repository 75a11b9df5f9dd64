"""The demo home page: replaces Wagtail's welcome page once."""

from wagtail.models import Page, Site

from cms import demo
from home.models import HomePage

HOME_SLUG = "trang-chu"
# Hòa Bình's portal, the default site: it also answers on localhost and
# 127.0.0.1, and its links name this host (a *.localhost name is 127.0.0.1),
# or BASE_URL's when the environment gives one (cms/demo.py).
HOSTNAME = "hoa-binh.localhost"


def load(stdout):
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Trang chủ",
                slug=HOME_SLUG,
                intro="Cổng thông tin điện tử Ủy ban nhân dân xã Hòa Bình.",
            )
        )
        home.save_revision().publish()
    hostname, port = demo.default_hostname(HOSTNAME), demo.port()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Hòa Bình",
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Hòa Bình"
        site.hostname, site.port = hostname, port
        site.save()
        # Wagtail's welcome page has nothing of ours under it.
        if (
            not isinstance(old_root.specific, HomePage)
            and old_root.get_children_count() == 0
        ):
            old_root.delete()
    elif (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()
    stdout.write("Home page in place.")
