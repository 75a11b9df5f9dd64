"""Every string a person sees has a Vietnamese translation, compiled into the repo."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES"


def test_every_message_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def catalogue(entries):
    return {
        (e.msgctxt, e.msgid): (e.msgstr_plural or {}).get(0, e.msgstr)
        if e.msgid_plural
        else e.msgstr
        for e in entries
        if e.msgid
    }


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    assert catalogue(mo) == catalogue(po.translated_entries())
