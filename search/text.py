"""The search index's token strings, from the folding every app shares
(cms/text.py)."""

from cms.text import fold_word, has_diacritics, words


def index_forms(text):
    """The two token strings stored for a text: folded, and exact words only.

    Only words that carry diacritics go to the exact layer: a word without
    them is already in the folded layer, and the exact layer exists only to
    rank "bàn" above "bán" when someone types "bàn".
    """
    exact = words(text)
    folded = " ".join(fold_word(word) for word in exact)
    return folded, " ".join(word for word in exact if has_diacritics(word))
