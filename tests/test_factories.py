from wagtail.models import get_page_models

from tests.factories import PAGE_FACTORIES


def test_every_page_type_of_ours_has_a_factory():
    ours = {
        m
        for m in get_page_models()
        if m._meta.app_label in {"home", "news", "publications"}
    }
    assert ours - set(PAGE_FACTORIES) == set()
