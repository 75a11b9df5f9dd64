"""How document numbers and free text are compared, whatever way they are typed.

"22-CT/TU", "22 CT TU", "22/CT-TU" and "22-ct/tu" are the same number; "06"
and "6" the same base. Text folds as everywhere else (cms/text.py: lower
case, no diacritics, đ→d).
"""

import re

from cms.text import folded_words

LEADING_DIGITS = re.compile(r"\s*0*(\d+)")


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
