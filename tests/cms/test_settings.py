"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_database_url_is_honoured(tmp_path):
    db = tmp_path / "other.sqlite3"
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; print(connection.settings_dict['NAME'])",
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(db)


def test_postgres_url_selects_the_postgresql_backend():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; print(connection.vendor, connection.settings_dict['NAME'])",
        DATABASE_URL="postgres://user@db.example:5432/portal",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
    )
    assert result.stdout.split() == ["postgresql", "portal"]


def test_production_refuses_a_missing_secret_key_with_one_clear_line():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        ALLOWED_HOSTS="portal.example.gov.vn",
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Configuration error: SECRET_KEY must be set")


def test_production_refuses_a_wildcard_host():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="*",
    )
    assert result.returncode == 1
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_deploy_check_prints_no_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="k" * 20 + "Zq8#pL2@vN5!xR7$wT1^" + "m" * 20,
        ALLOWED_HOSTS="portal.example.gov.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_redis_url_switches_the_cache_to_redis():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        REDIS_URL="redis://127.0.0.1:6379/3",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
    )
    assert result.stdout.strip() == "django_redis.cache.RedisCache"


def test_people_see_dates_as_day_month_year(settings):
    import datetime

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("vi"):
        rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": datetime.date(2022, 6, 23)})
        )
    assert rendered == "23/06/2022"
