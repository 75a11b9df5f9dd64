"""Demo news, officials and events; found again by slug, so re-runs add nothing."""

import datetime

from django.utils import timezone

from wagtail.models import Site

from cms import demo as cms_demo
from cms import portals
from cms.demo import OLD_PORTAL_PHOTO_SIZE, PHOTO_SIZE, PORTRAIT_SIZE, paint
from cms.models import Organization, SiteSettings
from cms.portal_setup import PortalSpec, build
from news import demo_data
from news.models import (
    ArticleOfficial,
    Category,
    EventIndexPage,
    EventPage,
    EventParticipant,
    LocalNewsIndexPage,
    NewsArticlePage,
    NewsIndexPage,
    OfficialIndexPage,
    OfficialPage,
    OfficialPosition,
)


def _publish(page):
    page.save_revision().publish()
    return page


def _index(home, model, slug, title, **fields):
    existing = model.objects.child_of(home).filter(slug=slug).first()
    if existing:
        return existing
    return _publish(
        home.add_child(
            instance=model(slug=slug, title=title, show_in_menus=True, **fields)
        )
    )


def _officials(index, organizations):
    officials = {}
    for seed, (
        slug,
        honorific,
        name,
        order,
        phone,
        email,
        duties,
        positions,
    ) in enumerate(demo_data.OFFICIALS, 100):
        existing = OfficialPage.objects.child_of(index).filter(slug=slug).first()
        if existing:
            officials[slug] = existing
            continue
        photo = paint(
            f"Ảnh chân dung {name}",
            seed,
            alt=f"Ảnh chân dung {name}",
            size=PORTRAIT_SIZE,
        )
        page = OfficialPage(
            slug=slug,
            title=name,
            honorific=honorific,
            sort_order=order,
            phone=phone,
            email=email,
            duties=duties,
            photo=photo,
            biography=[
                {
                    "type": "paragraph",
                    "value": f"<p>{name} sinh năm 1975, quê quán xã Hòa Bình.</p>",
                }
            ],
        )
        page.positions = [
            OfficialPosition(
                title=title,
                organization=organizations[org],
                start_date=datetime.date.fromisoformat(start),
                end_date=datetime.date.fromisoformat(end) if end else None,
            )
            for title, org, start, end in positions
        ]
        officials[slug] = _publish(index.add_child(instance=page))
    return officials


def _articles(index, categories, officials):
    now = timezone.now()
    for seed, row in enumerate(demo_data.ARTICLES, 200):
        (
            slug,
            title,
            category,
            days_ago,
            featured,
            author,
            summary,
            paragraphs,
            official_slugs,
            tags,
        ) = row
        if NewsArticlePage.objects.child_of(index).filter(slug=slug).exists():
            continue
        hero = paint(
            f"Ảnh: {title}",
            seed,
            caption=f"Quang cảnh: {title.lower()}.",
            credit=author,
            alt=f"Quang cảnh {title.lower()}",
            # One in four as small as an old portal's photos.
            size=OLD_PORTAL_PHOTO_SIZE if seed % 4 == 1 else PHOTO_SIZE,
        )
        body = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]
        body.insert(
            1, {"type": "heading", "value": {"text": "Kết quả nổi bật", "level": "h2"}}
        )
        if official_slugs:
            body.append(
                {
                    "type": "mention",
                    "value": {"person": officials[official_slugs[0]].pk},
                }
            )
        if seed % 3 == 0:
            inline = paint(
                f"Ảnh minh họa: {title}",
                seed + 1000,
                caption="Đại biểu phát biểu tại hội nghị.",
                credit=author,
                alt="Đại biểu phát biểu tại hội nghị",
            )
            body.insert(
                2,
                {
                    "type": "image",
                    "value": {
                        "image": {
                            "image": inline.pk,
                            "alt_text": inline.description,
                            "decorative": False,
                        },
                        "caption": "",
                        "credit": "",
                    },
                },
            )
            body.append(
                {
                    "type": "quote",
                    "value": {
                        "text": "Lấy người dân làm trung tâm phục vụ.",
                        "attribution": "Chủ tịch UBND xã",
                    },
                }
            )
        page = NewsArticlePage(
            slug=slug,
            title=title,
            summary=summary,
            author=author,
            featured=featured,
            category=categories[category],
            hero_image=hero,
            body=body,
            date=now - datetime.timedelta(days=days_ago, hours=seed % 7),
        )
        page.related_officials = [
            ArticleOfficial(official=officials[s]) for s in official_slugs
        ]
        page.tags.add(*tags)
        _publish(index.add_child(instance=page))


def _events(index, organizations, officials):
    today = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for seed, (
        slug,
        title,
        days,
        hour,
        hours,
        all_day,
        place,
        address,
        org,
        summary,
        official_slugs,
    ) in enumerate(demo_data.EVENTS, 400):
        if EventPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        hero = paint(
            f"Ảnh: {title}",
            seed,
            caption=f"Địa điểm: {place}.",
            credit="Văn phòng Ủy ban nhân dân xã",
            alt=f"Quang cảnh {place}",
            size=OLD_PORTAL_PHOTO_SIZE if seed % 2 else PHOTO_SIZE,
        )
        start = (today + datetime.timedelta(days=days)).replace(hour=hour)
        page = EventPage(
            slug=slug,
            title=title,
            start=start,
            end=start + datetime.timedelta(hours=hours or 24) if not all_day else start,
            all_day=all_day,
            location_name=place,
            location_address=address,
            organizer=organizations[org],
            summary=summary,
            hero_image=hero,
            registration="Văn phòng Ủy ban nhân dân xã, điện thoại 0296 3812 345.",
            body=[{"type": "paragraph", "value": f"<p>{summary}</p>"}],
        )
        page.participants = [
            EventParticipant(official=officials[s]) for s in official_slugs
        ]
        _publish(index.add_child(instance=page))


def load(stdout):
    home = Site.objects.get(is_default_site=True).root_page.specific
    categories = {}
    for slug, name, order in demo_data.CATEGORIES:
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
    organizations = {o.slug: o for o in Organization.objects.all()}
    news_index = _index(
        home,
        NewsIndexPage,
        "tin-tuc",
        "Tin tức",
        intro="Tin hoạt động của xã Hòa Bình.",
    )
    official_index = _index(
        home,
        OfficialIndexPage,
        "lanh-dao",
        "Lãnh đạo",
        intro="Danh sách lãnh đạo các cơ quan xã.",
    )
    event_index = _index(
        home,
        EventIndexPage,
        "lich-cong-tac",
        "Lịch công tác",
        intro="Lịch công tác và sự kiện.",
    )
    officials = _officials(official_index, organizations)
    _articles(news_index, categories, officials)
    _events(event_index, organizations, officials)
    if not home.quick_links:
        home.quick_links = [
            {
                "type": "link",
                "value": {"label": "Tin tức", "page": news_index.pk, "url": ""},
            },
            {
                "type": "link",
                "value": {"label": "Lịch công tác", "page": event_index.pk, "url": ""},
            },
            {
                "type": "link",
                "value": {
                    "label": "Cổng Dịch vụ công quốc gia",
                    "page": None,
                    "url": "https://dichvucong.gov.vn/",
                },
            },
        ]
        _publish(home)
    stdout.write(
        f"{NewsArticlePage.objects.count()} articles, {OfficialPage.objects.count()} officials, "
        f"{EventPage.objects.count()} events."
    )


def load_portals(stdout):
    """The province's portal and two more communes beside Hòa Bình, each
    built as `create_portal` builds one, with a few articles; and "Tin cơ sở"
    on the province's home page."""
    homes = {}
    for hostname, name, short_name, level, unit_code, colour in demo_data.PORTALS:
        made = build(
            PortalSpec(
                hostname=hostname,
                agency_name=name,
                short_name=short_name,
                level=level,
                unit_code=unit_code,
                colour=colour,
                port=cms_demo.port(),
            )
        )
        homes[hostname] = made.root
    site = Site.objects.get(is_default_site=True)
    hoa_binh = SiteSettings.for_site(site)
    if hoa_binh.level != portals.COMMUNE:
        hoa_binh.level, hoa_binh.unit_code = portals.COMMUNE, "30304"
        hoa_binh.save()
    now = timezone.now()
    categories = {c.slug: c for c in Category.objects.all()}
    for seed, (hostname, slug, title, days_ago, summary) in enumerate(
        demo_data.PORTAL_ARTICLES, 600
    ):
        index = NewsIndexPage.objects.child_of(homes[hostname]).first()
        if NewsArticlePage.objects.child_of(index).filter(slug=slug).exists():
            continue
        hero = paint(
            f"Ảnh: {title}",
            seed,
            caption=f"Quang cảnh: {title.lower()}.",
            credit="Phòng Văn hóa - Xã hội",
            alt=f"Quang cảnh {title.lower()}",
            # Communes' photos come from their old portals.
            size=OLD_PORTAL_PHOTO_SIZE,
        )
        page = NewsArticlePage(
            slug=slug,
            title=title,
            summary=summary,
            author="Phòng Văn hóa - Xã hội",
            category=categories.get("tin-tuc-su-kien"),
            hero_image=hero,
            body=[{"type": "paragraph", "value": f"<p>{summary}</p>"}],
            date=now - datetime.timedelta(days=days_ago),
        )
        _publish(index.add_child(instance=page))
    _index(
        homes[demo_data.PORTALS[0][0]],
        LocalNewsIndexPage,
        "tin-co-so",
        "Tin cơ sở",
        intro="Tin mới nhất từ các xã, phường trong tỉnh.",
    )
    stdout.write(
        "Portals: "
        + ", ".join(
            f"http://{hostname}:{cms_demo.port()}/"
            for hostname, *_ in demo_data.PORTALS
        )
    )
