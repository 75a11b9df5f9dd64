"""Text folding and tokenising: the one place that decides what matches what.

The search index and every query, the register's number and text filters and
its search words all go through these functions, so "dan van kheo",
"DÂN VẬN KHÉO" and "Dân vận khéo" become the same tokens on SQLite and on
PostgreSQL alike; the databases only ever see pre-split, pre-folded words.
"""

import re
import unicodedata
from functools import lru_cache

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
