"""How document numbers and free text are compared, whatever way they are typed.

"22-CT/TU", "22 CT TU", "22/CT-TU" and "22-ct/tu" are the same number; "06"
and "6" the same base. The register folds text itself (lower case, no
diacritics, đ→d) so that the app needs nothing but cms/ to be installed.
"""

import re
import unicodedata

WORD_RE = re.compile(r"[^\W_]+")
LEADING_DIGITS = re.compile(r"\s*0*(\d+)")
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text):
    """Lower case, no combining marks, đ→d: "Chỉ thị" -> "chi thi"."""
    decomposed = unicodedata.normalize("NFD", str(text or "").lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.translate(_EXTRA_FOLDS))


def folded_words(text):
    return WORD_RE.findall(fold(text).replace("\x00", " "))


def number_base(number):
    """The leading number without zeros ("06-NQ/TU" -> "6"), or ""."""
    match = LEADING_DIGITS.match(str(number or ""))
    return str(int(match.group(1))) if match else ""


def number_key(number):
    """Letters and digits only, folded, base without zeros: "6nqtu"."""
    compact = "".join(folded_words(number))
    base = number_base(number)
    if base:
        compact = base + compact.lstrip("0")[len(base) :]
    return compact


def search_text(*parts):
    """The folded words of every part, space-separated and space-framed.

    The frame lets a query find a whole word with " word " and the start of
    one with " wor".
    """
    words = [word for part in parts for word in folded_words(part)]
    return " " + " ".join(words) + " "
