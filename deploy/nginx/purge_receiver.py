"""Takes the portal's PURGE requests for nginx's cache (docs/deploy.md, "A
cache in front").

The portal purges a whole portal at once: `PURGE /*` with the portal's host
name (cms/frontend_cache.py). nginx's cache-purge module as Debian ships it
(libnginx-mod-http-cache-purge, ngx_cache_purge 2.3) removes one key per
request and knows no wildcard, so this receiver, on the same host as nginx,
reads the key of every file in the cache folder and asks nginx's purge
address to remove each key of that host (under that path, for `/prefix*`).
The module then drops the entry from nginx's shared memory as well as its
file; deleting the files ourselves would leave nginx to log a failed unlink
for each when it later evicts them.

A purge reads the first bytes of every cached file, once per portal and
change published, not per visitor: on 70,000 files, 2.6 s with them in
memory and 16 s from a cold disk (docs/deploy.md). A client that gives up
waiting does not stop it.

Standard library only: run it with the system's python3.

Usage: purge_receiver.py --listen 127.0.0.1:8082 --cache-dir /var/cache/nginx/portal \
           --nginx-purge http://127.0.0.1:8081
"""

import argparse
import http.client
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# nginx writes "\nKEY: <key>\n" after its binary header (a few hundred bytes,
# longer with a long ETag).
HEADER_BYTES = 4096
KEY_MARK = b"\nKEY: "


def cached_keys(cache_dir):
    """The key of every file in nginx's cache folder."""
    for folder, _, files in os.walk(cache_dir):
        for name in files:
            try:
                with open(os.path.join(folder, name), "rb") as cached:
                    head = cached.read(HEADER_BYTES)
            except OSError:
                continue  # evicted or replaced while we walked
            start = head.find(KEY_MARK)
            end = head.find(b"\n", start + len(KEY_MARK))
            if start >= 0 and end > 0:
                yield head[start + len(KEY_MARK) : end].decode("latin-1")


def host_name(header):
    """The Host header as nginx's $host has it: lower case, no port."""
    host = (header or "").strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Receiver(BaseHTTPRequestHandler):
    server_version = "portal-purge"

    def do_PURGE(self):
        started = time.monotonic()
        host = host_name(self.headers.get("Host"))
        path = urlsplit(self.path).path if "://" in self.path else self.path
        if not host or not path.startswith("/"):
            self.answer(400, "a PURGE needs a Host and a path\n")
            return
        if path.endswith("*"):
            prefix = host + path[:-1]
            keys = [
                k for k in cached_keys(self.server.cache_dir) if k.startswith(prefix)
            ]
        else:
            keys = [host + path]
        try:
            purged = sum(self.server.purge_key(host, key[len(host) :]) for key in keys)
        except (OSError, RuntimeError) as error:
            self.log_message("%s%s: %s", host, path, error)
            self.answer(502, f"nginx did not purge: {error}\n")
            return
        self.log_message(
            "%s%s: %d of %d cached entries purged in %.2f s",
            host,
            path,
            purged,
            len(keys),
            time.monotonic() - started,
        )
        self.answer(200, f"{purged} purged\n")

    def answer(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, listen, cache_dir, nginx_purge):
        self.cache_dir = cache_dir
        self.nginx = urlsplit(nginx_purge)
        super().__init__(listen, Receiver)

    def purge_key(self, host, uri):
        """Ask nginx to drop one key; True when it had it (404: already gone)."""
        connection = http.client.HTTPConnection(
            self.nginx.hostname, self.nginx.port or 80, timeout=5
        )
        try:
            connection.request("PURGE", uri, headers={"Host": host})
            status = connection.getresponse().status
        finally:
            connection.close()
        if status not in (200, 404):
            raise RuntimeError(f"nginx answered {status} to PURGE {host}{uri}")
        return status == 200


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", default="127.0.0.1:8082", help="host:port")
    parser.add_argument("--cache-dir", required=True, help="proxy_cache_path's folder")
    parser.add_argument(
        "--nginx-purge", required=True, help="nginx's purge server, http://host:port"
    )
    args = parser.parse_args(argv)
    host, _, port = args.listen.rpartition(":")
    server = Server((host, int(port)), args.cache_dir, args.nginx_purge)
    sys.stderr.write(f"purge receiver on {args.listen}\n")
    server.serve_forever()


if __name__ == "__main__":
    main()
