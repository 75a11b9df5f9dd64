"""The demo home page: replaces Wagtail's welcome page once."""

from wagtail.models import Page, Site

from home.models import HomePage

HOME_SLUG = "trang-chu"


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
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Hòa Bình",
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Hòa Bình"
        site.save()
        # Wagtail's welcome page has nothing of ours under it.
        if (
            not isinstance(old_root.specific, HomePage)
            and old_root.get_children_count() == 0
        ):
            old_root.delete()
    stdout.write("Home page in place.")
