"""Every string a person sees has a Vietnamese translation, compiled into the repo."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES"


def test_every_message_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {e.msgid: e.msgstr for e in mo}
    assert {
        e.msgid: e.msgstr for e in po.translated_entries() if not e.msgid_plural
    } == {k: v for k, v in compiled.items() if k in {e.msgid for e in po}}
