"""Build a site with one optional app left out and report what it serves.

Run by tests/cms/test_optional_apps.py in a process of its own (INSTALLED_APPS
cannot change inside one), with DJANGO_SETTINGS_MODULE=tests.settings_without,
WITHOUT_APP and DATABASE_URL naming an empty database. Migrates, loads the
demo content, then prints JSON: the status of the URLs that should serve (a
page of each type and its API detail, the home page, the sitemap, robots.txt,
the API's listing and site) and of the URLs given as arguments, and the page
types without a live, public page.
"""

import io
import json
import sys
from urllib.parse import urlsplit

import django


def main(extra_urls):
    django.setup()

    from django.core.management import call_command
    from django.test import Client

    from wagtail.models import Page, get_page_models

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())

    client = Client(raise_request_exception=False)
    statuses = {}

    def get(url, host):
        statuses[host + url] = client.get(url, headers={"host": host}).status_code

    # One page of each type: the first, in tree order.
    first_of_type = {}
    pages = Page.objects.live().public().filter(depth__gt=1).order_by("path")
    for page in pages.specific():
        first_of_type.setdefault(type(page), page)
    missing = sorted(
        model._meta.label
        for model in get_page_models()
        if model is not Page and model not in first_of_type
    )
    default_host = None
    for page in first_of_type.values():
        _site, root_url, path = page.get_url_parts()
        host = urlsplit(root_url).netloc
        default_host = default_host or host
        get(path, host)
        get(f"/api/v2/pages/{page.pk}/", host)
    for url in ["/", "/sitemap.xml", "/robots.txt", "/api/v2/pages/", "/api/v2/site/"]:
        get(url, default_host)
    for url in extra_urls:
        get(url, default_host)
    json.dump({"statuses": statuses, "types_without_page": missing}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
