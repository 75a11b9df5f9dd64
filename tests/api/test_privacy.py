"""No draft, expired, private or other-site page appears in any API route."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest

from news.models import ArticleOfficial, ArticleRelatedPage, EventParticipant
from tests import factories
from tests.conftest import restrict

from .conftest import HIDDEN_KINDS, PAGES, body, get_json, ids, make_hidden, rich_link

pytestmark = pytest.mark.django_db


@pytest.fixture(params=HIDDEN_KINDS)
def hidden_article(request, news_index):
    return make_hidden(request.param, news_index, title="Bí mật tuyệt đối")


@pytest.fixture(params=HIDDEN_KINDS)
def hidden_official(request, official_index):
    return make_hidden(request.param, official_index, title="Cán bộ ẩn danh")


@pytest.fixture
def public_article(news_index):
    return factories.NewsArticlePageFactory(parent=news_index, title="Bài công khai")


def test_hidden_page_is_not_in_any_listing(api, hidden_article, public_article):
    for query in [
        "",
        "?type=news.NewsArticlePage",
        "?type=news.NewsArticlePage,news.EventPage",
    ]:
        data = get_json(api, PAGES + query + ("&" if query else "?") + "limit=50")
        assert public_article.pk in ids(data)
        assert hidden_article.pk not in ids(data)


def test_hidden_page_detail_is_a_json_404(api, hidden_article):
    get_json(api, f"{PAGES}{hidden_article.pk}/", status=404)


def test_hidden_page_cannot_be_found_by_id_or_path(api, hidden_article):
    get_json(api, f"{PAGES}find/?id={hidden_article.pk}", status=404)
    get_json(api, f"{PAGES}find/?html_path={hidden_article.url_path}", status=404)
    path = "/tin-tuc/" + hidden_article.slug + "/"
    get_json(api, f"{PAGES}find/?html_path={path}", status=404)


def test_hidden_page_is_not_a_child_or_descendant(
    api, hidden_article, public_article, news_index, home_page
):
    children = get_json(api, f"{PAGES}?child_of={news_index.pk}")
    assert hidden_article.pk not in ids(children)
    assert public_article.pk in ids(children)
    for ancestor in (home_page.pk, "root"):
        data = get_json(api, f"{PAGES}?descendant_of={ancestor}&limit=50")
        assert hidden_article.pk not in ids(data)
        assert public_article.pk in ids(data)


def test_hidden_page_children_are_not_listed_under_it(api, hidden_article):
    # As for a page that does not exist: not found.
    for name in ("child_of", "descendant_of", "ancestor_of"):
        get_json(api, f"{PAGES}?{name}={hidden_article.pk}", status=404)
        get_json(api, f"{PAGES}?{name}=999999999", status=404)


def test_hidden_page_is_not_found_by_search(api, hidden_article, public_article):
    for query in ["?search=mật", "?type=news.NewsArticlePage&search=mật tuyệt"]:
        data = get_json(api, PAGES + query)
        assert hidden_article.pk not in ids(data)
    found = get_json(api, PAGES + "?search=công khai")
    assert public_article.pk in ids(found)


def test_hidden_official_is_left_out_of_related_officials(
    api, hidden_official, official, news_index
):
    article = factories.NewsArticlePageFactory(parent=news_index)
    ArticleOfficial.objects.create(page=article, official=hidden_official)
    ArticleOfficial.objects.create(page=article, official=official)
    data = get_json(api, f"{PAGES}{article.pk}/")
    assert [o["id"] for o in data["related_officials"]] == [official.pk]
    listing = get_json(
        api, f"{PAGES}?type=news.NewsArticlePage&fields=related_officials"
    )
    assert [o["id"] for o in listing["items"][0]["related_officials"]] == [official.pk]


def test_hidden_page_is_left_out_of_related_pages(api, hidden_article, news_index):
    article = factories.NewsArticlePageFactory(parent=news_index)
    ArticleRelatedPage.objects.create(page=article, target=hidden_article)
    data = get_json(api, f"{PAGES}{article.pk}/")
    assert data["related_pages"] == []


def test_hidden_official_is_left_out_of_event_participants(
    api, hidden_official, official, event_index
):
    event = factories.EventPageFactory(parent=event_index)
    EventParticipant.objects.create(page=event, official=hidden_official)
    EventParticipant.objects.create(page=event, official=official)
    data = get_json(api, f"{PAGES}{event.pk}/")
    assert [o["id"] for o in data["participants"]] == [official.pk]


def test_body_links_and_mentions_never_point_at_hidden_pages(
    api, hidden_official, news_index
):
    article = factories.NewsArticlePageFactory(
        parent=news_index,
        body=body(
            ("paragraph", rich_link(hidden_official)),
            ("mention", {"person": hidden_official.pk}),
        ),
    )
    data = get_json(api, f"{PAGES}{article.pk}/")
    paragraph, mention = data["body"]
    assert "href" not in paragraph["value"]
    assert hidden_official.slug not in paragraph["value"]
    assert mention["value"] is None


def test_detail_names_its_parent_only_while_the_parent_is_public(api, news_index):
    article = factories.NewsArticlePageFactory(parent=news_index)
    data = get_json(api, f"{PAGES}{article.pk}/")
    assert data["meta"]["parent"]["id"] == news_index.pk
    news_index.unpublish()
    data = get_json(api, f"{PAGES}{article.pk}/")
    assert data["meta"]["parent"] is None


def test_signed_in_user_sees_no_login_restricted_page(api, news_index):
    page = factories.NewsArticlePageFactory(parent=news_index)
    restrict(page, PageViewRestriction.LOGIN)
    api.force_login(get_user_model().objects.create_user("editor", password="x"))
    assert page.pk not in ids(get_json(api, PAGES))
    get_json(api, f"{PAGES}{page.pk}/", status=404)


def test_password_holder_sees_no_restricted_page(api, news_index):
    page = factories.NewsArticlePageFactory(parent=news_index)
    restriction = restrict(page)
    session = api.session
    session["wagtail_passed_view_restrictions"] = [restriction.pk]
    session.save()
    assert page.pk not in ids(get_json(api, PAGES))


def test_body_never_links_a_document_of_a_private_collection(api, news_index):
    private = Collection.get_first_root_node().add_child(name="Mật")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="x"
    )
    document = get_document_model().objects.create(
        title="Mật", collection=private, file=ContentFile(b"x", name="mat.pdf")
    )
    article = factories.NewsArticlePageFactory(
        parent=news_index,
        body=body(
            ("document", {"document": document.pk}),
            ("paragraph", f'<p><a linktype="document" id="{document.pk}">x</a></p>'),
        ),
    )
    block, paragraph = get_json(api, f"{PAGES}{article.pk}/")["body"]
    assert block["value"] is None
    assert "href" not in paragraph["value"]


def test_images_and_documents_of_private_collections_are_not_listed(api):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Mật")
    child = private.add_child(name="Con của mật")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="x"
    )
    public_image = factories.ImageFactory()
    hidden_images = [factories.ImageFactory(collection=c) for c in (private, child)]
    document_model = get_document_model()
    hidden_documents = [
        document_model.objects.create(
            title="Mật", collection=c, file=ContentFile(b"x", name="mat.pdf")
        )
        for c in (private, child)
    ]
    images = get_json(api, "/api/v2/images/")
    assert ids(images) == {public_image.pk}
    for image in hidden_images:
        get_json(api, f"/api/v2/images/{image.pk}/", status=404)
    documents = get_json(api, "/api/v2/documents/")
    assert ids(documents) == set()
    for document in hidden_documents:
        get_json(api, f"/api/v2/documents/{document.pk}/", status=404)
    assert b"mat.pdf" not in api.get("/api/v2/documents/").content
