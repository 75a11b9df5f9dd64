from wagtail import hooks
from wagtail.models import Page

from cms import portal_setup
from home import demo
from home.models import HomePage


@hooks.register("load_demo_content")
def load_demo_content(stdout):
    demo.load(stdout)


load_demo_content.order = 0


@hooks.register("construct_portal")
def construct_portal_home(portal):
    # A portal that already has a root (its site exists) keeps it.
    if portal.root is None:
        spec = portal.spec
        home = Page.get_first_root_node().add_child(
            instance=HomePage(
                title=spec.agency_name,
                slug=portal_setup.home_slug(spec),
                intro=f"Cổng thông tin điện tử {spec.agency_name}.",
            )
        )
        home.save_revision().publish()
        portal.made.append(home.title)
        portal.root = home


construct_portal_home.order = 0
