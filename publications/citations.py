"""Link citations of registered documents in rendered rich text.

"Chỉ thị số 22 ngày 3/4/2017", "Công văn số 492" or "Nghị quyết số
06-NQ/TU" become links to the document's page when exactly one live, public
document matches: same type (the words just before "số"), same number (and
symbol, when given), same issue date (when given), issued no later than the
article. Anything else stays plain text.

On a portal, a citation names a document of that portal's own register or,
failing that, of the province's (a commune article citing a provincial
decision links to it on the province's portal, at its absolute address);
another commune's register is never searched. A province document is marked
`shows_across_portals`, so publishing one renews every portal's content
version (cms/caching.py) and the communes' pages link it at once.

It runs at render time, so a document published later is linked on the next
render. A `CitationLinker` loads the candidates of a whole page at once
(every number the page's stream fields cite), then links each paragraph
without querying again. The candidates of each citation are kept in Django's
cache under the content version (cms/caching.py), which every change able to
alter them renews, so a warm render links without any query.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.fields import StreamField

from cms import caching, portals
from cms.visibility import in_portals_q, restricted_paths, visible

from .models import DocumentType, PublicationPage
from .numbers import folded_words, number_base, number_key

SPACE = r"(?:[ \t\r\n\u00a0]|&nbsp;|&#160;)+"
WORD = r"[^\W\d_]+"
CITATION_RE = re.compile(
    rf"(?<![^\W_])(?P<lead>(?:{WORD}{SPACE}){{1,5}}?)"
    rf"(?:(?P<so>số){SPACE})?"
    r"(?P<number>\d+(?:[-/.][^\W_]+)*)(?![^\W_])"
    rf"(?:{SPACE}ngày{SPACE}(?:"
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    rf"|(?P<d2>\d{{1,2}}){SPACE}tháng{SPACE}(?P<m2>\d{{1,2}}){SPACE}năm{SPACE}"
    r"(?P<y2>\d{4})))?(?![^\W_])",
    re.IGNORECASE,
)
LEAD_WORD_RE = re.compile(WORD)
TAG_RE = re.compile(r"(<[^>]*>)")
OPEN_A_RE = re.compile(r"<a\b", re.IGNORECASE)
CLOSE_A_RE = re.compile(r"</a\s*>", re.IGNORECASE)

# What resolving and linking read; the rest of a page row is never loaded.
CANDIDATE_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "title",
    "locale_id",
    "content_type_id",
    "number",
    "number_base",
    "number_key",
    "issue_date",
    "document_type__name",
)

CACHE_SECONDS = 300

LINKED = "linked"
AMBIGUOUS = "ambiguous"
UNKNOWN = "unknown"


@dataclass
class Citation:
    """One citation found in a text segment; offsets index that segment."""

    start: int
    end: int
    number_start: int
    lead: list  # [(start, folded word)] of the words before the number
    base: str
    key: str  # the number with its symbol, or "" for a bare number
    date: datetime.date | None

    @property
    def lookup(self):
        words = tuple(word for _start, word in self.lead)
        return (words, self.base, self.key, self.date)


def type_start(citation, document):
    """Index of the lead word where the document's type begins, when the
    document matches the citation's type, symbol and date; else None."""
    words = [word for _start, word in citation.lead]
    type_words = folded_words(document.document_type.name)
    if not type_words or words[-len(type_words) :] != type_words:
        return None
    if citation.key and document.number_key != citation.key:
        return None
    if citation.date and document.issue_date != citation.date:
        return None
    return len(words) - len(type_words)


def _date(match):
    day, month, year = match.group("d", "m", "y")
    if day is None:
        day, month, year = match.group("d2", "m2", "y2")
    if day is None:
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_citations(text):
    """The citations of a plain-text (or HTML text) segment."""
    found = []
    for match in CITATION_RE.finditer(text):
        number = match.group("number")
        # A document's symbol has letters (152/QĐ-UBND); "15/8" is a date.
        has_symbol = any(character.isalpha() for character in number)
        # Without "số", only a number with its symbol is a citation: "năm
        # 2022" and "sáng 15/8" are not ones.
        if not match.group("so") and not has_symbol:
            continue
        lead_start = match.start("lead")
        lead = [
            (lead_start + word.start(), folded_words(word.group())[0])
            for word in LEAD_WORD_RE.finditer(match.group("lead"))
        ]
        found.append(
            Citation(
                start=match.start(),
                end=match.end(),
                number_start=match.start("so" if match.group("so") else "number"),
                lead=lead,
                base=number_base(number),
                key=number_key(number) if has_symbol else "",
                date=_date(match),
            )
        )
    return found


def _strings(value):
    """Every string inside a stream field's raw data."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def page_texts(page):
    """The raw text of every stream field of a page, for preloading."""
    for field in type(page)._meta.concrete_fields:
        if isinstance(field, StreamField):
            stream = getattr(page, field.attname, None)
            raw = getattr(stream, "raw_data", None)
            if raw is not None:
                yield from _strings(list(raw))


class CitationLinker:
    """Resolves citations against the register, loading candidates in batches.

    `before` is the citing page's date: a document issued later cannot be the
    one it cites. `request` makes URLs relative to the current site.
    """

    def __init__(self, before=None, request=None, preview=False):
        self.before = before
        self.request = request
        self.preview = preview
        self.candidates = {}
        self.loaded = set()
        self.seen = set()
        self.types = None
        self.restricted = None
        self.version = None
        self.results = []

    def preload(self, texts):
        self.load([c for text in texts for c in find_citations(text)])
        return self

    def load(self, citations):
        """Fetch the documents these citations may name: from the cache, else
        in one query.

        On a miss the document types are read once (a second query) so the
        database only returns documents of the cited type, number and date,
        not every document that shares a number; view restrictions once (a
        third) so private documents are left out.
        """
        wanted = {}
        for citation in citations:
            if citation.base and citation.lookup not in self.loaded:
                self.loaded.add(citation.lookup)
                wanted[citation.lookup] = citation
        if not wanted:
            return
        if self.version is None:
            self.version = caching.version(self.request)
        keys = {self.cache_key(lookup): citation for lookup, citation in wanted.items()}
        # No version, no cache: an entry kept then could outlive a change.
        cached = caching.cache().get_many(keys) if self.version else {}
        for documents in cached.values():
            self.add(documents)
        missing = {key: citation for key, citation in keys.items() if key not in cached}
        if not missing:
            return
        documents = self.query(missing.values())
        self.add(documents)
        if not self.version:
            return
        caching.cache().set_many(
            {
                key: [doc for doc in documents if type_start(citation, doc) is not None]
                for key, citation in missing.items()
            },
            CACHE_SECONDS,
        )

    def cache_key(self, lookup):
        digest = hashlib.sha256(repr(lookup).encode()).hexdigest()[:32]
        return f"publications:citation:{self.version}:{digest}"

    def query(self, citations):
        """Live, public documents these citations may name, whatever their date."""
        if self.types is None:
            self.types = [
                (folded_words(kind.name), kind.pk)
                for kind in DocumentType.objects.only("pk", "name")
            ]
        condition = Q()
        for citation in citations:
            words = [word for _start, word in citation.lead]
            for type_words, type_id in self.types:
                if not type_words or words[-len(type_words) :] != type_words:
                    continue
                match = Q(document_type_id=type_id, number_base=citation.base)
                if citation.key:
                    match &= Q(number_key=citation.key)
                if citation.date:
                    match &= Q(issue_date=citation.date)
                condition |= match
        if not condition:
            return []
        if self.restricted is None:
            # A handful of rows; matching paths here keeps the candidates'
            # query on its index (as a correlated subquery, PostgreSQL
            # compared every page's path: 140 ms for 10,000 documents).
            self.restricted = restricted_paths()
        documents = visible(
            PublicationPage.objects.filter(condition & self.registers()),
            private_paths=self.restricted,
        )
        return list(documents.select_related("document_type").only(*CANDIDATE_FIELDS))

    @cached_property
    def placing(self):
        """(the citing portal, the province, the portals' directory), looked
        up once per linker; None when there is no request (every tree)."""
        if self.request is None:
            return None
        directory = portals.directory()
        own = directory.for_host(*portals.host_and_port(self.request))
        return (own, directory.province(), directory) if own else None

    def registers(self):
        """The trees a citation may link into: the citing portal's and the
        province's (without a request, every tree). A portal nested inside
        one of them is left out when resolving."""
        if self.placing is None:
            return Q()
        own, province, _directory = self.placing
        return in_portals_q({own, province or own})

    def add(self, documents):
        for document in documents:
            if document.pk not in self.seen:
                self.seen.add(document.pk)
                self.candidates.setdefault(document.number_base, []).append(document)

    def resolve(self, citation):
        """(status, document or None, index of the first linked lead word):
        the citing portal's own document first, else the province's."""
        candidates = self.candidates.get(citation.base, ())
        if self.placing is None:
            return self.match(citation, candidates)
        own, province, directory = self.placing
        mine = [d for d in candidates if directory.for_path(d.path) == own]
        status, document, first_word = self.match(citation, mine)
        if status != UNKNOWN or province is None or province == own:
            return status, document, first_word
        provincial = [d for d in candidates if directory.for_path(d.path) == province]
        return self.match(citation, provincial)

    def match(self, citation, candidates):
        matches = []
        for document in candidates:
            # A document issued after the citing page cannot be the one cited.
            if self.before and document.issue_date > self.before:
                continue
            first_word = type_start(citation, document)
            if first_word is not None:
                matches.append((document, first_word))
        if len(matches) == 1:
            return LINKED, *matches[0]
        return (AMBIGUOUS if matches else UNKNOWN), None, None

    def link(self, html):
        """`html` with its resolvable citations turned into links."""
        parts = TAG_RE.split(str(html))
        inside_link = 0
        todo = []
        for index, part in enumerate(parts):
            if index % 2:
                if OPEN_A_RE.match(part):
                    inside_link += 1
                elif CLOSE_A_RE.match(part):
                    inside_link = max(0, inside_link - 1)
            elif not inside_link and part:
                citations = find_citations(part)
                if citations:
                    todo.append((index, citations))
        if not todo:
            return str(html)
        self.load([c for _index, found in todo for c in found])
        for index, citations in todo:
            parts[index] = self._link_segment(parts[index], citations)
        return "".join(parts)

    def _link_segment(self, text, citations):
        pieces = []
        position = 0
        for citation in citations:
            status, document, first_word = self.resolve(citation)
            # Unresolved, the type is unknown: report its usual two words.
            shown = citation.lead[first_word if status == LINKED else -2 :][0][0]
            self.results.append((text[shown : citation.end], status, document))
            if status == LINKED:
                start = citation.lead[first_word][0]
                pieces.append(text[position:start])
                pieces.append(
                    f'<a class="citation" href="{escape(self.url(document))}">'
                    f"{text[start : citation.end]}</a>"
                )
            elif self.preview:
                start = citation.number_start
                pieces.append(text[position:start])
                reason = (
                    _("Several registered documents match this citation")
                    if status == AMBIGUOUS
                    else _("No registered document matches this citation")
                )
                pieces.append(
                    f'<mark class="citation-unresolved" title="{escape(reason)}">'
                    f"{text[start : citation.end]}</mark>"
                )
            else:
                continue
            position = citation.end
        pieces.append(text[position:])
        return "".join(pieces)

    def url(self, document):
        return document.get_url(request=self.request) or ""


def citing_date(page):
    """The date a page speaks from, if it has one."""
    for name in ("display_date", "date", "first_published_at"):
        value = getattr(page, name, None)
        if isinstance(value, datetime.datetime):
            # The day as the portal's readers count it, not UTC's.
            return (
                timezone.localdate(value) if timezone.is_aware(value) else value.date()
            )
        if isinstance(value, datetime.date):
            return value
    return None


def linker_for(context):
    """The linker of the page being rendered, shared by all its paragraphs."""
    request = context.get("request")
    page = context.get("page")
    key = getattr(page, "pk", None)
    cache = getattr(request, "_publication_citations", None) if request else None
    if cache is not None and key in cache:
        return cache[key]
    linker = CitationLinker(
        before=citing_date(page) if page is not None else None,
        request=request,
        preview=bool(getattr(request, "is_preview", False)),
    )
    if page is not None:
        linker.preload(page_texts(page))
    if request is not None:
        if cache is None:
            cache = {}
            request._publication_citations = cache
        cache[key] = linker
    return linker
