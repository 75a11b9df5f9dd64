"""The OpenAPI schema describes the live API: schemathesis finds no 5xx and no
response that breaks it."""

from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from wagtail.models import Site

import pytest
import schemathesis
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks

from cms import portals
from cms.api.openapi import build_schema
from cms.api.router import api_router
from news.models import ArticleOfficial, EventParticipant
from tests import factories

from .conftest import body, get_json, rich_link, small_image

schema = schemathesis.openapi.from_dict(build_schema(api_router))
schema.app = get_wsgi_application()
# Every check schemathesis has, the positive and negative data ones too.
load_all_checks()


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


# One test per operation and generation mode, each with its own id:
# schemathesis' own parametrize gives every operation the same test id, and
# pytest-xdist then runs only the first of them. Labels come from the schema
# built without a database; each test builds it again for the portal it asks.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


def follows_the_rules(case):
    """Whether a request keeps the rules OpenAPI parameter lists cannot state,
    which the schema gives as "x-requires" (other parameters) and
    "x-requires-type" (a single `type` among those named)."""
    query = case.query or {}
    for spec in case.operation.definition.raw.get("parameters", []):
        if spec["name"] not in query:
            continue
        if any(name not in query for name in spec.get("x-requires", ())):
            return False
        types = spec.get("x-requires-type")
        if types and query.get("type") not in types:
            return False
    return True


@pytest.fixture
def served(operation, content):
    """The operation as the default portal's schema states it, built once
    per test (hypothesis runs every example inside one call)."""
    site = Site.objects.get(is_default_site=True)
    served = schemathesis.openapi.from_dict(
        build_schema(api_router, portal=portals.for_site(site))
    )
    served.app = schema.app
    return served[operation.path][operation.method.upper()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("operation", "mode"),
    [
        pytest.param(op, mode, id=f"{op.label} {mode.value}")
        for op in OPERATIONS
        for mode in MODES
        # Nothing to make invalid in an operation without parameters.
        if mode.is_positive or op.definition.raw.get("parameters")
    ],
)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(data=st.data())
def test_api_matches_its_schema_and_never_fails(
    operation, mode, data, served, test_transaction_survives_requests
):
    case = data.draw(served.as_strategy(generation_mode=mode))
    assume(mode.is_negative or follows_the_rules(case))
    case.call_and_validate(checks=CHECKS.get_all())
