"""Snippets with the matched words marked, folded matches included.

The text is split with the same word pattern the index uses; a word is marked
when its folded form is one of the folded query words, so "dan van" marks
"Dân vận". Everything else is HTML-escaped.
"""

from bisect import bisect_left

from django.utils.html import escape
from django.utils.safestring import mark_safe

from cms.text import WORD_RE, fold_word

SNIPPET_WORDS = 36


def _marked(text, spans):
    out, position = [], 0
    for start, end in spans:
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def _matches(text, folded_terms):
    wanted = set(folded_terms)
    return [
        (match.start(), match.end())
        for match in WORD_RE.finditer(text)
        if fold_word(match.group()) in wanted
    ]


def highlight(text, folded_terms):
    """The whole text, escaped, with matched words in <mark>."""
    return mark_safe(_marked(text, _matches(text, folded_terms)))


def snippet(text, folded_terms, size=SNIPPET_WORDS):
    """About `size` words around the densest run of matches, escaped and marked."""
    words = list(WORD_RE.finditer(text))
    if not words:
        return ""
    wanted = set(folded_terms)
    hits = [i for i, word in enumerate(words) if fold_word(word.group()) in wanted]
    first = 0
    if hits:
        # The window that holds the most matches, starting a little before one.
        best = max(
            range(len(hits)),
            key=lambda n: bisect_left(hits, hits[n] + size) - n,
        )
        best = hits[best]
        first = max(0, best - size // 4)
    last = min(len(words), first + size)
    start = words[first].start() if first else 0
    end = words[last - 1].end() if last < len(words) else len(text)
    spans = [
        (words[i].start() - start, words[i].end() - start)
        for i in hits
        if first <= i < last
    ]
    html = _marked(text[start:end], spans)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + html + suffix)
