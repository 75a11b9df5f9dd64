"""The OpenAPI schema describes the live API: schemathesis finds no 5xx and no
response that breaks it."""

from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cms.api.openapi import build_schema
from cms.api.router import api_router
from news.models import ArticleOfficial, EventParticipant
from tests import factories

from .conftest import body, get_json, rich_link, small_image

schema = schemathesis.openapi.from_dict(build_schema(api_router))
schema.app = get_wsgi_application()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def test_transaction_survives_requests():
    """Requests go through the bare WSGI handler, which closes the database
    connection after each request; the test client disconnects that too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def content(news_index, official, event_index):
    image = small_image()
    article = factories.NewsArticlePageFactory(
        parent=news_index,
        hero_image=image,
        category=factories.CategoryFactory(),
        body=body(
            ("paragraph", rich_link(official)),
            ("image", {"image": {"image": image.pk, "alt_text": ""}}),
            ("mention", {"person": official.pk}),
        ),
    )
    article.tags.add("ngân sách")
    article.save()
    ArticleOfficial.objects.create(page=article, official=official)
    event = factories.EventPageFactory(parent=event_index)
    EventParticipant.objects.create(page=event, official=official)


def test_schema_is_served_and_lists_every_page_type(api, home_page):
    data = get_json(api, "/api/v2/schema/")
    assert data["openapi"].startswith("3.")
    schemas = data["components"]["schemas"]
    for name in ("news.NewsArticlePage", "news.OfficialPage", "news.EventPage"):
        assert name in schemas
    article = schemas["news.NewsArticlePage"]
    assert article["properties"]["category"] == {
        "anyOf": [{"$ref": "#/components/schemas/NamedObject"}, {"type": "null"}]
    }
    assert article["x-listing-default-fields"][-4:] == [
        "date",
        "summary",
        "thumbnail",
        "category",
    ]
    parameters = {
        p["name"] for p in data["paths"]["/api/v2/pages/"]["get"]["parameters"]
    }
    assert {"category", "tag", "date_from", "date_to", "upcoming", "organization"} <= (
        parameters
    )


# One test per operation, each with its own id: schemathesis' own
# parametrize gives every operation the same test id, and pytest-xdist then
# runs only the first of them.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_api_matches_its_schema_and_never_fails(
    operation, data, content, test_transaction_survives_requests
):
    case = data.draw(operation.as_strategy())
    case.call_and_validate(checks=CHECKS)
