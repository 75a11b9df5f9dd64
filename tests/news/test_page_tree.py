"""Where each page type may be created: the tree editors can build."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from home.models import HomePage
from news.models import (
    EventIndexPage,
    EventPage,
    NewsArticlePage,
    NewsIndexPage,
    OfficialIndexPage,
    OfficialPage,
)
from tests import factories

SECTIONS = (NewsIndexPage, OfficialIndexPage, EventIndexPage)
LEAVES = {
    NewsIndexPage: NewsArticlePage,
    OfficialIndexPage: OfficialPage,
    EventIndexPage: EventPage,
}


class PageTreeRulesTests(WagtailPageTestCase):
    def test_sections_live_directly_under_the_home_page(self):
        for section in SECTIONS:
            self.assertCanCreateAt(HomePage, section)
            self.assertCanNotCreateAt(Page, section)
            self.assertAllowedParentPageTypes(section, {HomePage})

    def test_each_section_holds_only_its_own_kind_of_page(self):
        for section, leaf in LEAVES.items():
            self.assertAllowedSubpageTypes(section, {leaf})
            self.assertAllowedParentPageTypes(leaf, {section})
            self.assertCanNotCreateAt(HomePage, leaf)
            for other in SECTIONS:
                if other is not section:
                    self.assertCanNotCreateAt(other, leaf)

    def test_articles_officials_and_events_have_no_children(self):
        for leaf in LEAVES.values():
            self.assertAllowedSubpageTypes(leaf, set())

    def test_home_page_goes_under_the_tree_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        for model in (*SECTIONS, *LEAVES.values()):
            self.assertCanNotCreateAt(model, HomePage)


class OneHomePerSiteTests(WagtailPageTestCase):
    def test_a_second_home_page_cannot_be_created(self):
        root = Page.get_first_root_node()
        self.assertTrue(HomePage.can_create_at(root))
        factories.HomePageFactory(parent=root)
        self.assertFalse(HomePage.can_create_at(root))


class CreateThroughTheAdminTests(WagtailPageTestCase):
    def setUp(self):
        # Not client.login(): django-axes refuses to count a sign-in without a request.
        self.client.force_login(self.create_test_user())
        root = Page.get_first_root_node()
        self.home = factories.HomePageFactory(parent=root)
        self.news = factories.NewsIndexPageFactory(parent=self.home)

    def test_an_article_can_be_created_with_the_admin_form(self):
        self.assertCanCreate(
            self.news,
            NewsArticlePage,
            nested_form_data(
                {
                    "title": "Hội nghị sơ kết",
                    "slug": "hoi-nghi-so-ket",
                    "summary": "Tóm tắt.",
                    "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
                    "related_officials": inline_formset([]),
                    "related_pages": inline_formset([]),
                    "tags": "",
                }
            ),
        )
