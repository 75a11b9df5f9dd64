"""A factory for every page type and catalogue (tests/test_factories.py checks)."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone

import factory
import wagtail_factories
from PIL import Image as PILImage

from cms.models import CustomImage, Organization
from home.models import HomePage
from news.models import (
    Category,
    EventIndexPage,
    EventPage,
    LocalNewsIndexPage,
    NewsArticlePage,
    NewsIndexPage,
    OfficialIndexPage,
    OfficialPage,
    OfficialPosition,
)
from publications.models import (
    DocumentType,
    PublicationIndexPage,
    PublicationPage,
    Sector,
)


def image_file(width=1200, height=800, name="photo.jpg", fmt="JPEG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (40, 120, 200)).save(buffer, format=fmt)
    return ImageFile(buffer, name=name)


class ImageFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Ảnh {n}")
    file = factory.LazyFunction(image_file)
    caption = "Đại biểu phát biểu tại hội nghị."
    credit = "Thị Thoang"
    description = "Đại biểu phát biểu"

    class Meta:
        model = CustomImage


class OrganizationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    slug = factory.Sequence(lambda n: f"co-quan-{n}")
    kind = Organization.Kind.COMMITTEE

    class Meta:
        model = Organization


class CategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")

    class Meta:
        model = Category


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Trang chủ"
    slug = factory.Sequence(lambda n: f"trang-chu-{n}")

    class Meta:
        model = HomePage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Tin tức"
    slug = factory.Sequence(lambda n: f"tin-tuc-{n}")

    class Meta:
        model = NewsIndexPage


class NewsArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Bài viết số {n}")
    slug = factory.Sequence(lambda n: f"bai-viet-{n}")
    summary = "Tóm tắt bài viết."
    author = "Thị Thoang"
    date = factory.LazyFunction(timezone.now)

    class Meta:
        model = NewsArticlePage


class LocalNewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Tin cơ sở"
    slug = factory.Sequence(lambda n: f"tin-co-so-{n}")

    class Meta:
        model = LocalNewsIndexPage


class OfficialIndexPageFactory(wagtail_factories.PageFactory):
    title = "Lãnh đạo"
    slug = factory.Sequence(lambda n: f"lanh-dao-{n}")

    class Meta:
        model = OfficialIndexPage


class OfficialPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    slug = factory.Sequence(lambda n: f"can-bo-{n}")
    honorific = OfficialPage.Honorific.MR

    class Meta:
        model = OfficialPage


class OfficialPositionFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(OfficialPageFactory)
    title = "Chủ tịch"
    organization = factory.SubFactory(OrganizationFactory)
    start_date = datetime.date(2025, 7, 1)

    class Meta:
        model = OfficialPosition


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Lịch công tác"
    slug = factory.Sequence(lambda n: f"lich-{n}")

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Sự kiện {n}")
    slug = factory.Sequence(lambda n: f"su-kien-{n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    location_name = "Hội trường"

    class Meta:
        model = EventPage


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Loại văn bản {n}")
    slug = factory.Sequence(lambda n: f"loai-van-ban-{n}")

    class Meta:
        model = DocumentType


class SectorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    slug = factory.Sequence(lambda n: f"linh-vuc-{n}")

    class Meta:
        model = Sector


class PublicationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Văn bản"
    slug = factory.Sequence(lambda n: f"van-ban-{n}")

    class Meta:
        model = PublicationIndexPage


class PublicationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Văn bản số {n}")
    slug = factory.Sequence(lambda n: f"van-ban-so-{n}")
    document_type = factory.SubFactory(DocumentTypeFactory)
    number = factory.Sequence(lambda n: f"{n + 1}-CV/UBND")
    issuer = factory.SubFactory(OrganizationFactory)
    issue_date = datetime.date(2025, 1, 6)
    abstract = "Về việc triển khai nhiệm vụ."

    class Meta:
        model = PublicationPage


PAGE_FACTORIES = {
    HomePage: HomePageFactory,
    NewsIndexPage: NewsIndexPageFactory,
    NewsArticlePage: NewsArticlePageFactory,
    LocalNewsIndexPage: LocalNewsIndexPageFactory,
    OfficialIndexPage: OfficialIndexPageFactory,
    OfficialPage: OfficialPageFactory,
    EventIndexPage: EventIndexPageFactory,
    EventPage: EventPageFactory,
    PublicationIndexPage: PublicationIndexPageFactory,
    PublicationPage: PublicationPageFactory,
}
