"""Content checks a page must pass before it is published or submitted.

They complement the models' own validation (which runs on every save) with
rules that only matter once a page goes out to citizens. Each page type states
its own in a `publication_problems()` method; a type without one has none.
"""


def problems(page):
    """What stops `page` (a specific page, possibly unsaved) from going out."""
    check = getattr(page, "publication_problems", None)
    return list(check()) if check else []


def latest_problems(page):
    """What stops the latest revision of `page`, the one an approval publishes."""
    return problems(page.get_latest_revision_as_object())
