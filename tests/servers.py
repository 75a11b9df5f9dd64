"""The site served by gunicorn in a subprocess, for tests that need real
worker processes."""

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dev_env(database_url, prefix, **overrides):
    """The environment of a server on development settings (no collected
    static files, cookies over plain HTTP), on `database_url`, with its own
    cache, media and static folders, visits counted in the process (no
    Redis), and `overrides` on top."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": database_url,
        "SHARED_CACHE_DIR": str(work / "cache"),
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "STATS_REDIS_URL": "",
        "LOG_LEVEL": "ERROR",
        **overrides,
    }
    env.pop("REDIS_URL", None)
    return env


class Gunicorn:
    """The site under gunicorn (several worker processes) in a subprocess."""

    def __init__(self, env, port=None):
        self.log = tempfile.TemporaryFile()
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "cms.wsgi",
                "--workers=2",
                f"--bind=127.0.0.1:{self.port}",
                "--graceful-timeout=20",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            # A file, not a pipe: a full pipe would block the workers' logging.
            stderr=self.log,
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(self.url + "/healthz/", timeout=1).read()  # noqa: S310
                return
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        raise RuntimeError(self.read_log())

    def read_log(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self):
        """SIGTERM, as systemd or Docker stop a server: workers flush and exit."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        return self.read_log()
