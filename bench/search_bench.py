"""Search speed at scale: index build, query latency, re-index on publish.

Usage: .venv/bin/python bench/search_bench.py [--articles 50000] [--runs 20]
       [--database-url postgres://postgres@127.0.0.1:5432/EMPTY_DB] [--keep]
       [--reuse --database-url URL_OF_A_KEPT_DATABASE] [--portals 4]

Builds a fresh database (a temporary SQLite file unless --database-url names
an empty PostgreSQL database), inserts that many articles of generated
Vietnamese news text in bulk (raw inserts, no signals), then reports:

- the time of `rebuild_search_index` over them;
- p50 and p95 latency of GET /search/?q= for 1-, 2- and 4-word queries, typed
  with and without diacritics (each query --runs times after one warm-up),
  as wall-clock time and as CPU time (this process plus the PostgreSQL
  backend), which is what a loaded machine does not inflate;
- p50 and p95 of GET /api/v2/pages/?search= for the same queries;
- the cost of re-indexing one page alone, and of publishing it (which
  re-indexes it).

With --portals N the articles are shared among a province portal (the
default site) and N-1 commune portals (xa-K.localhost), and the search view is
also timed scoped to one commune and province-wide (`scope=province` on the
province portal).
"""

import argparse
import datetime
import json
import os
import random
import sys
import tempfile
import time
import unicodedata
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BATCH = 500
# Real news uses some 6,000 syllables; the generated tail brings us near that.
TAIL_SYLLABLES = 5000

# Syllables of local government news, most frequent first (Zipf weights).
VOCABULARY = (
    "của và các xã được trong cho với công tác người dân ủy ban nhân dân tổ chức "
    "hội nghị năm có đã là thực hiện triển khai cán bộ đảng viên phát triển kinh "
    "tế xã hội nông thôn mới chính quyền địa phương nhiệm vụ kế hoạch chương "
    "trình tỉnh huyện thôn ấp khu phố an ninh trật tự quốc phòng y tế giáo dục "
    "học sinh giáo viên trường học phí bảo hiểm hộ nghèo cận nghèo hỗ trợ chính "
    "sách đất đai giải phóng mặt bằng đầu tư công giải ngân ngân sách thu chi "
    "đường giao thông cầu cống thủy lợi sản xuất nông nghiệp lúa màu cây trồng "
    "vật nuôi dịch bệnh phòng chống tiêm chủng vắc xin môi trường rác thải nước "
    "sạch điện chiếu sáng văn hóa thể thao lễ hội truyền thống gia đình khu dân "
    "cư mặt trận tổ quốc đoàn thanh niên hội phụ nữ hội nông dân cựu chiến binh "
    "dân vận khéo chuyển đổi số dịch vụ công trực tuyến hồ sơ thủ tục hành chính "
    "cải cách một cửa tiếp công dân khiếu nại tố cáo thanh tra kiểm tra giám sát "
    "sơ kết tổng kết tháng quý đầu cuối kết quả nổi bật hạn chế nguyên nhân giải "
    "pháp thời gian tới đề nghị chỉ đạo phối hợp ban ngành đoàn thể tuyên truyền "
    "vận động nhân rộng mô hình hay cách làm sáng tạo hiệu quả thiết thực bàn "
    "bán buôn chợ phiên hàng hóa giá cả thị trường doanh nghiệp hợp tác xã việc "
    "làm lao động đào tạo nghề xuất khẩu thu nhập bình quân đầu người"
).split()
ONSETS = "b c ch d đ g gi h k kh l m n ng nh ph qu r s t th tr v x".split()
RHYMES = (
    "a ai am an ang anh ao au ay e em en eo i im in inh iu o oa oan oi om on ong "
    "u ua ui um un ung uy uyên ư ưa ơ ơi ơn ê ên ênh ô ôi ông ương ươi uôn uông iên"
).split()
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def tail_syllables(count, seed=7):
    """Plausible syllables for the long tail of the vocabulary (Zipf ranks)."""
    chooser = random.Random(seed)
    known = set(VOCABULARY)
    found = []
    while len(found) < count:
        rhyme = chooser.choice(RHYMES)
        tone = chooser.choice(TONES)
        vowel = next(i for i, ch in enumerate(rhyme) if ch in "aăâeêioôơuưy")
        syllable = unicodedata.normalize(
            "NFC",
            chooser.choice(ONSETS) + rhyme[: vowel + 1] + tone + rhyme[vowel + 1 :],
        )
        if syllable not in known:
            known.add(syllable)
            found.append(syllable)
    return found


NAMES = [
    "Đinh Thị Mai Sinh",
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Lê Hoàng Nam",
    "Huỳnh Văn Giang",
    "Phạm Minh Đức",
]
QUERIES = {
    1: [("nông", "nong"), ("khéo", "kheo"), ("bàn", "ban"), ("vắc", "vac")],
    2: [
        ("học phí", "hoc phi"),
        ("dân vận", "dan van"),
        ("chợ phiên", "cho phien"),
        ("Đinh Thị", "dinh thi"),
    ],
    4: [
        ("xây dựng nông thôn", "xay dung nong thon"),
        ("dân vận khéo ở ấp", "dan van kheo o ap"),
        ("dịch vụ công trực", "dich vu cong truc"),
        ("Đinh Thị Mai Sinh", "dinh thi mai sinh"),
    ],
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    parser.add_argument(
        "--portals", type=int, default=1, help="province plus N-1 communes"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time queries on --database-url as built by an earlier run (--keep)",
    )
    return parser.parse_args()


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class TextMaker:
    def __init__(self, seed=2026):
        self.random = random.Random(seed)
        self.vocabulary = VOCABULARY + tail_syllables(TAIL_SYLLABLES)
        total = 0.0
        self.cumulative = []
        for rank in range(len(self.vocabulary)):
            total += 1 / (rank + 1)
            self.cumulative.append(total)

    def words(self, count):
        return self.random.choices(
            self.vocabulary, cum_weights=self.cumulative, k=count
        )

    def sentence(self):
        words = self.words(self.random.randint(8, 20))
        if self.random.random() < 0.005:
            words[2:2] = self.random.choice(NAMES).lower().split()
        if self.random.random() < 0.005:
            words[1:1] = ["dân", "vận", "khéo"]
        return " ".join(words).capitalize() + "."

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.random.randint(3, 5)))

    def title(self):
        return " ".join(self.words(self.random.randint(6, 12))).capitalize()


def build_site(portals=1):
    """The province portal (default site) and portals-1 communes; their news
    sections."""
    from wagtail.models import Page, Site

    from cms.models import SiteSettings
    from cms.portals import COMMUNE, PROVINCE
    from home.models import HomePage
    from news.models import NewsIndexPage

    root = Page.get_first_root_node()
    indexes = []
    for number in range(portals):
        home = root.add_child(
            instance=HomePage(title=f"Trang chủ {number}", slug=f"trang-chu-{number}")
        )
        if number == 0:
            site, _ = Site.objects.update_or_create(
                is_default_site=True,
                defaults={"hostname": "testserver", "root_page": home, "port": 80},
            )
        else:
            site = Site.objects.create(
                hostname=f"xa-{number}.localhost", root_page=home, port=80
            )
        SiteSettings.objects.update_or_create(
            site=site,
            defaults={
                "agency_name": f"Ủy ban nhân dân {number}",
                "level": PROVINCE if number == 0 else COMMUNE,
            },
        )
        indexes.append(
            home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))
        )
    return indexes


def insert_articles(index, count, maker):
    """Page and article rows in bulk, with tree paths computed here."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from wagtail.models import Locale, Page

    from news.models import NewsArticlePage

    content_type = ContentType.objects.get_for_model(NewsArticlePage)
    locale = Locale.get_default()
    fields = NewsArticlePage._meta.local_concrete_fields
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, count, BATCH):
            pages, articles = [], []
            for number in range(start, min(count, start + BATCH)):
                title = maker.title()
                slug = f"bai-{number}"
                published = now - datetime.timedelta(hours=number)
                pages.append(
                    Page(
                        path=Page._get_path(index.path, index.depth + 1, number + 1),
                        depth=index.depth + 1,
                        numchild=0,
                        title=title,
                        draft_title=title,
                        slug=slug,
                        url_path=f"{index.url_path}{slug}/",
                        content_type=content_type,
                        live=True,
                        first_published_at=published,
                        last_published_at=published,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                    )
                )
            Page.objects.bulk_create(pages)
            for page in pages:
                body = [
                    {
                        "type": "paragraph",
                        "value": f"<p>{maker.paragraph()}</p>",
                        "id": str(uuid.uuid4()),
                    }
                    for _ in range(maker.random.randint(4, 7))
                ]
                articles.append(
                    NewsArticlePage(
                        page_ptr_id=page.pk,
                        date=page.first_published_at,
                        summary=maker.sentence(),
                        body=json.dumps(body, ensure_ascii=False),
                        author="Thị Thoang",
                    )
                )
            NewsArticlePage._base_manager._insert(articles, fields=fields, raw=True)
        Page.objects.filter(pk=index.pk).update(numchild=count)


def build(articles, portals):
    from search.indexing import rebuild

    indexes = build_site(portals)
    started = time.perf_counter()
    maker = TextMaker()
    for index in indexes:
        insert_articles(index, articles // len(indexes), maker)
    print(f"insert articles: {time.perf_counter() - started:.1f} s")
    started, cpu = time.perf_counter(), cpu_ns()
    indexed = rebuild()
    print(
        f"index build (rebuild_search_index): {time.perf_counter() - started:.1f} s "
        f"(CPU {(cpu_ns() - cpu) / 1e9:.1f} s) for {indexed} entries"
    )


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def database_cpu_ns():
    """CPU time (ns) the PostgreSQL backend serving us has used; 0 on SQLite.

    SQLite runs inside this thread, so thread_time() already counts it.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])


def cpu_ns():
    """CPU time of this thread and of the database backend, in ns."""
    return time.thread_time_ns() + database_cpu_ns()


def time_queries(client, path, param, runs, host="testserver", **extra):
    """Per row: p50 and p95 of wall-clock time and of CPU time, in ms.

    CPU time (this thread plus the database backend) is what a request costs
    on an idle machine; wall-clock time also counts waiting for a CPU, which
    on a loaded machine can be most of it.
    """
    rows = []
    for size, pairs in QUERIES.items():
        for label, column in (("with diacritics", 0), ("without", 1)):
            wall, cpu = [], []
            for pair in pairs:
                query = pair[column]
                data = {param: query, **extra}
                response = client.get(path, data, HTTP_HOST=host)
                assert response.status_code == 200, (query, response.status_code)
                for _ in range(runs):
                    used = cpu_ns()
                    started = time.perf_counter()
                    client.get(path, data, HTTP_HOST=host)
                    wall.append((time.perf_counter() - started) * 1000)
                    cpu.append((cpu_ns() - used) / 1e6)
            rows.append(
                (
                    size,
                    label,
                    percentile(wall, 0.5),
                    percentile(wall, 0.95),
                    percentile(cpu, 0.5),
                    percentile(cpu, 0.95),
                )
            )
    return rows


def count_matches():
    from search.models import SearchEntry
    from search.query import Terms, count_entries

    return {
        pair[1]: count_entries(Terms.parse(pair[1]), SearchEntry.objects.all())
        for pairs in QUERIES.values()
        for pair in pairs
    }


def main():
    args = parse_args()
    temporary = None
    database_url = args.database_url
    if not database_url:
        temporary = tempfile.NamedTemporaryFile(
            prefix="search-bench-", suffix=".sqlite3", delete=False
        )
        database_url = f"sqlite:///{temporary.name}"
    setup_django(database_url)

    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from wagtail.models import Site

    from search.indexing import index_page
    from search.models import SearchEntry

    print(f"database: {connection.vendor}, articles: {args.articles}")
    if not args.reuse:
        build(args.articles, args.portals)
    portals = Site.objects.count()
    print(f"portals: {portals}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    client = Client()
    print("matches per query:", count_matches())
    timings = [
        ("search view /search/?q=", "/search/", "q", {}),
        (
            "API /api/v2/pages/?search= (response cache off)",
            "/api/v2/pages/",
            "search",
            {},
        ),
    ]
    if portals > 1:
        timings += [
            (
                "search view on one commune (xa-1.localhost)",
                "/search/",
                "q",
                {"host": "xa-1.localhost"},
            ),
            (
                f"province-wide search view (scope=province, {portals} portals)",
                "/search/",
                "q",
                {"scope": "province"},
            ),
        ]
    for title, path, param, extra in timings:
        print(f"\n{title} (ms, {args.runs} runs per query, 4 queries per row)")
        print(f"load average before: {os.getloadavg()}")
        print(
            f"{'words':>5}  {'typed':<16} {'wall p50':>8} {'wall p95':>8} "
            f"{'cpu p50':>8} {'cpu p95':>8}"
        )
        # The API serves repeated requests from its response cache: time the
        # search behind it.
        with override_settings(API_CACHE_SECONDS=0):
            rows = time_queries(client, path, param, args.runs, **extra)
        for row in rows:
            size, label, *figures = row
            print(f"{size:>5}  {label:<16} " + " ".join(f"{f:8.1f}" for f in figures))
        print(f"load average after: {os.getloadavg()}")

    from news.models import NewsArticlePage

    page = NewsArticlePage.objects.order_by("pk")[NewsArticlePage.objects.count() // 2]
    reindex, reindex_cpu, publish = [], [], []
    for _ in range(args.runs):
        started, cpu = time.perf_counter(), cpu_ns()
        index_page(page)
        reindex.append((time.perf_counter() - started) * 1000)
        reindex_cpu.append((cpu_ns() - cpu) / 1e6)
        started = time.perf_counter()
        page.save_revision().publish()
        publish.append((time.perf_counter() - started) * 1000)
    print(
        f"\nre-index one page: p50 {percentile(reindex, 0.5):.1f} ms "
        f"(CPU {percentile(reindex_cpu, 0.5):.1f} ms); publish one page "
        f"(includes re-indexing): p50 {percentile(publish, 0.5):.1f} ms"
    )
    assert SearchEntry.objects.filter(page=page).exists()
    print(f"index rows: {SearchEntry.objects.count()}")
    if temporary and not args.keep:
        connection.close()
        os.unlink(temporary.name)
    elif temporary:
        print(f"kept {temporary.name}")


if __name__ == "__main__":
    main()
