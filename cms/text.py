"""Text folding and tokenising: the one place that decides what matches what.

The search index and every query, the register's number and text filters and
its search words all go through these functions, so "dan van kheo",
"DÂN VẬN KHÉO" and "Dân vận khéo" become the same tokens on SQLite and on
PostgreSQL alike; the databases only ever see pre-split, pre-folded words.

It also says which characters no text of ours keeps (`without_control_characters`):
text fields are cleaned on save (`clean_text_fields`, a pre_save receiver),
and again wherever XML, iCalendar or spreadsheets are written, for rows saved
before the rule (docs/security.md, "Bad data").
"""

import re
import unicodedata
from functools import lru_cache

# C0 controls other than tab, line feed and carriage return, DEL, and the two
# non-characters: XML 1.0 refuses them (an RSS feed with one does not build),
# iCalendar forbids them in text, openpyxl refuses to write them into a cell.
# Word pastes \x0b (vertical tab) for a manual line break.
CONTROL_CHARACTERS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

# Letters and digits; punctuation, symbols, emoji and "_" separate words.
WORD_RE = re.compile(r"[^\W_]+")

# NFD splits "ế" into "e" + marks, but "đ" is a letter of its own.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l"})


def normalize(text):
    """NFC, lower case, no NUL or control characters: the 'exact' form."""
    text = unicodedata.normalize("NFC", str(text or "")).lower()
    return text.replace("\x00", " ")


def fold(text):
    """Lower case, drop combining marks and map đ to d: "Đinh Thị" -> "dinh thi"."""
    decomposed = unicodedata.normalize("NFD", str(text or "").lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.translate(_EXTRA_FOLDS))


@lru_cache(maxsize=100_000)
def fold_word(word):
    """fold() for one word, cached: a language has far fewer words than texts."""
    return fold(word)


def words(text):
    """The words of a text in their exact form (NFC, lower case)."""
    return WORD_RE.findall(normalize(text))


def folded_words(text):
    return [fold_word(word) for word in words(text)]


def has_diacritics(word):
    return fold_word(word) != word


def without_control_characters(value):
    """`value` with control characters removed (see CONTROL_CHARACTERS_RE);
    anything that is not a string comes back as it was."""
    if isinstance(value, str) and CONTROL_CHARACTERS_RE.search(value):
        return CONTROL_CHARACTERS_RE.sub("", value)
    return value
