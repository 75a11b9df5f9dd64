import datetime

from django.contrib.auth import get_user_model
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from wagtail.blocks import StreamValue
from wagtail.models import Page

import pytest

from editorial import officers, roles
from tests import factories


@pytest.fixture
def sections(news_index, event_index, official_index):
    """The site's sections with the editorial groups and workflow applied."""
    roles.apply_sections()
    return {"news": news_index, "events": event_index, "officials": official_index}


def make_officer(username, role, section=None):
    group = (
        officers.section_group(section, role)
        if section is not None
        else roles.base_groups()[role]
    )
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.gov.vn", password="x"
    )
    user.groups.add(group)
    return user


@pytest.fixture
def editor(sections):
    return make_officer("editor", roles.EDITOR)


@pytest.fixture
def approver(sections):
    return make_officer("approver", roles.APPROVER)


@pytest.fixture
def site_admin(sections):
    return make_officer("quantri", roles.ADMIN)


def as_user(client, user):
    client.force_login(user)
    return client


def _post_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, FieldFile):
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def _form_fields(form, prefix=""):
    data = {}
    for name in form.fields:
        key = f"{prefix}{name}"
        value = form[name].value()
        if isinstance(value, StreamValue):
            # Test pages carry empty bodies; a StreamField posts its block count.
            assert len(value) == 0, "only empty StreamFields are supported here"
            data[f"{key}-count"] = "0"
            continue
        posted = _post_value(value)
        if posted is not None:
            data[key] = posted
    return data


def edit_form_data(page, user, **changes):
    """What the page editor posts for `page` unchanged, plus `changes`.

    Built from the real edit form, so it follows the model's panels.
    """
    page = page.specific
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user, parent_page=page.get_parent())
    data = _form_fields(form)
    for name, formset in form.formsets.items():
        data.update(
            {
                f"{name}-{key}": value
                for key, value in _form_fields(formset.management_form).items()
            }
        )
        for index, child in enumerate(formset.forms):
            data.update(_form_fields(child, f"{name}-{index}-"))
    data.update({key: value for key, value in changes.items() if value is not None})
    for key in [key for key, value in changes.items() if value is None]:
        data.pop(key, None)
    return data


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def draft_article(news_index, owner, **fields):
    fields.setdefault("hero_image", factories.ImageFactory())
    page = factories.NewsArticlePageFactory(parent=news_index, live=False, **fields)
    page.owner = owner
    page.save()
    page.save_revision(user=owner)
    return Page.objects.get(pk=page.pk).specific
