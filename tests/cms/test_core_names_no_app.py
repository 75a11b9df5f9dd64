"""cms/ imports no app of ours and loads none of their template tags: apps plug
into it through hooks (docs/architecture.md, "Hooks"). Its settings, which
configure the installation, and its migrations may name them."""

import re

from django.conf import settings

CMS = settings.BASE_DIR / "cms"


def our_apps():
    """The project's own apps besides cms: folders with an apps.py."""
    return sorted(
        path.parent.name
        for path in settings.BASE_DIR.glob("*/apps.py")
        if path.parent.name != "cms"
    )


def core_files(pattern):
    return [
        path
        for path in CMS.rglob(pattern)
        if not {"settings", "migrations"} & set(path.relative_to(CMS).parts)
    ]


def test_cms_python_imports_no_app_of_ours():
    """Neither an import nor an include() of an app's URLconf."""
    apps = "|".join(our_apps())
    statement = re.compile(
        rf"^\s*(?:from|import)\s+(?:{apps})\b|include\(\s*[\"'](?:{apps})\.",
        re.MULTILINE,
    )
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group().strip()}"
        for path in core_files("*.py")
        for match in statement.finditer(path.read_text())
    ]
    assert found == []


def test_cms_templates_load_no_tags_of_our_apps():
    libraries = {
        path.stem
        for app in our_apps()
        for path in (settings.BASE_DIR / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }
    load = re.compile(r"{%\s*load\s+([^%]*?)\s*%}")
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {library}"
        for path in core_files("*.html")
        for match in load.finditer(path.read_text())
        for library in match.group(1).split()
        if library in libraries
    ]
    assert found == []


def test_the_check_knows_the_apps_it_guards_against():
    assert {"home", "news", "publications", "search", "stats", "editorial"} <= set(
        our_apps()
    )
