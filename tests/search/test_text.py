import unicodedata

import pytest

from cms.text import fold, folded_words, words
from search.text import index_forms


@pytest.mark.parametrize(
    "typed",
    ["Dân vận khéo", "DÂN VẬN KHÉO", "dan van kheo", "Dan Van Kheo"],
)
def test_every_spelling_folds_to_the_same_words(typed):
    assert folded_words(typed) == ["dan", "van", "kheo"]


def test_d_with_stroke_folds_to_d_in_both_cases():
    assert fold("Đinh Thị Mai Sinh") == "dinh thi mai sinh"
    assert fold("đường ĐÊ") == "duong de"


def test_decomposed_input_folds_like_precomposed_input():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Huyền")
    assert fold(decomposed) == fold("Nguyễn Thị Huyền") == "nguyen thi huyen"
    assert words(decomposed) == ["nguyễn", "thị", "huyền"]


def test_punctuation_symbols_and_emoji_are_not_words():
    assert words('"Dân" AND (vận)* -khéo ^ NEAR: 🙂 a_b') == [
        "dân",
        "and",
        "vận",
        "khéo",
        "near",
        "a",
        "b",
    ]


def test_index_keeps_exact_words_only_when_they_carry_diacritics():
    folded, exact = index_forms("Bàn ghế mới, bán rẻ 23/06/2026")
    assert folded == "ban ghe moi ban re 23 06 2026"
    assert exact == "bàn ghế mới bán rẻ"
