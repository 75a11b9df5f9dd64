"""Daily counters per portal, each portal's starting totals, and the flush
bookkeeping.

Every counter is a 64-bit integer: portals migrating from an old system start
from figures such as 10,982,994 page views. Rows are written by
stats.counting.flush() with raw upserts (no model signals), so a flush never
invalidates caches that listen to post_save.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class DailySiteStat(models.Model):
    """One portal's figures of one day."""

    date = models.DateField(_("date"))
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("portal"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    views = models.BigIntegerField(_("page views"), default=0)
    visits = models.BigIntegerField(_("visits"), default=0)

    class Meta:
        ordering = ["-date", "site"]
        constraints = [
            # Site first: a portal's totals read its rows through this index.
            models.UniqueConstraint(fields=["site", "date"], name="stats_site_day")
        ]
        # Province administrators: every portal's figures (stats/access.py).
        permissions = [("view_all_portals", _("Can view every portal's statistics"))]
        verbose_name = _("daily site figures")
        verbose_name_plural = _("daily site figures")

    def __str__(self):
        return f"{self.date:%d/%m/%Y}"


class DailyPageStat(models.Model):
    date = models.DateField(_("date"))
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    views = models.BigIntegerField(_("page views"), default=0)

    class Meta:
        ordering = ["-date", "-views"]
        constraints = [
            models.UniqueConstraint(fields=["date", "page"], name="stats_day_page")
        ]
        indexes = [models.Index(fields=["page", "date"], name="stats_page_day")]
        verbose_name = _("daily page figures")
        verbose_name_plural = _("daily page figures")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.page_id}"


class PageViewTotal(models.Model):
    """All-time views of one page, so the API reads one row per page."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    views = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.page_id}: {self.views}"


class VisitorSeen(models.Model):
    """When a visitor (a salted daily hash, never an address) was last seen.

    Used without Redis to tell a new visit (first view after 30 minutes away)
    and to count visitors online; rows older than a day are pruned. The key
    hashes the portal too, so one person is a visitor of each portal they
    read; `site_id` (no foreign key: the row is bookkeeping) counts a
    portal's visitors online.
    """

    key = models.CharField(max_length=32, primary_key=True)
    site_id = models.IntegerField(default=0)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["site_id", "last_seen"], name="stats_seen_site")
        ]

    def __str__(self):
        return self.key


class FlushedBatch(models.Model):
    """A Redis batch already written, so a retried flush never counts twice."""

    batch = models.CharField(max_length=64, unique=True)
    flushed_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.batch


class FlushLock(models.Model):
    """One row every flush updates first, so flushes run one at a time."""

    generation = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.generation)


class ProxyLogPosition(models.Model):
    """How far `count_proxy_log` has counted a file of nginx's access log
    (stats/proxy_log.py), by the file's device and inode: a rotated log is a
    new file, read from its start; the old one is finished under its own row.
    Written in the transaction that writes the counts of those lines."""

    device = models.BigIntegerField()
    inode = models.BigIntegerField()
    path = models.CharField(max_length=500)
    offset = models.BigIntegerField(default=0)
    # Lines before `offset`: reports name a bad line by its number.
    line = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["device", "inode"], name="stats_proxylog_file"
            )
        ]

    def __str__(self):
        return f"{self.path} @ {self.offset}"


@register_setting(icon="view")
class StatsSettings(BaseSiteSetting):
    """A portal's starting totals: what its previous portal had counted."""

    initial_visits = models.BigIntegerField(
        _("visits before this portal"),
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Visits counted by the previous portal; added to the totals shown "
            "in the footer and the API."
        ),
    )
    initial_page_views = models.BigIntegerField(
        _("page views before this portal"),
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Page views counted by the previous portal; added to the totals shown "
            "in the footer and the API."
        ),
    )

    panels = [
        HelpPanel(
            content=_(
                "Enter the totals shown by the old portal on the day this portal "
                "went live. Daily figures are under Visit statistics in the menu."
            )
        ),
        FieldPanel("initial_visits"),
        FieldPanel("initial_page_views"),
    ]

    class Meta:
        verbose_name = _("visit statistics")
