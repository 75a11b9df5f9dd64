"""Passwords Vietnamese officers are likely to choose, refused.

Django's CommonPasswordValidator knows English lists; officers here build
passwords from "matkhau", "anhyeuem", a name, "vietnam", then digits: all
pass the length rule and Django's list. The shipped list
(cms/data/common-passwords-vi.txt) names those words; a password is refused
when, folded (cms/text.py: lower case, no diacritics, no spaces), it is one
of them, or one of them with only digits and symbols around it, or only
digits and symbols (docs/security.md).
"""

import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cms.text import fold

LIST = Path(__file__).parent / "data" / "common-passwords-vi.txt"
# Digits, symbols and spaces around the word: "@2024", "123456", "!!".
AROUND_RE = re.compile(r"^[\W\d_]*(?P<word>.*?)[\W\d_]*$")


@cache
def common_words():
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip() for line in lines if line.strip() and not line.startswith("#")
    )


def is_common(password):
    folded = re.sub(r"\s+", "", fold(password))
    word = AROUND_RE.match(folded)["word"]
    return not word or word in common_words() or folded in common_words()


class VietnameseCommonPasswordValidator:
    def validate(self, password, user=None):
        if is_common(password):
            raise ValidationError(
                _(
                    "This password is too common: it is a word or name many "
                    "people use, with digits or symbols added."
                ),
                code="password_too_common_vi",
            )

    def get_help_text(self):
        return _(
            "Your password can't be a common word or name with digits or "
            "symbols added, such as matkhau123456."
        )
