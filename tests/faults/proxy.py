"""A TCP proxy that can misbehave, for the fault-injection tests and the
load test (docs/security.md, "Outages").

It forwards 127.0.0.1:<port> to a backend (PostgreSQL, Redis) and can be
switched at any moment between:

- "pass": forward both ways;
- "refuse": close every new connection at once, as a stopped server
  (connections already open are dropped too);
- "hang": accept new connections and hold every connection, new or open,
  without forwarding a byte either way, as a server that stopped answering
  (the kernel still accepts the bytes, so no TCP-level timeout fires);
- "drop": close every connection, open or new, as a restarted server.

Threads, no dependency: `python -m tests.faults.proxy LISTEN_PORT HOST:PORT`
runs one and reads modes from a control file (bench/load_test.sh).
"""

import select
import socket
import sys
import threading
import time

MODES = ("pass", "refuse", "hang", "drop")


class FaultProxy:
    def __init__(self, backend_host, backend_port, port=0):
        self.backend = (backend_host, backend_port)
        self.mode = "pass"
        self.lock = threading.Lock()
        self.pairs = set()  # (client socket, backend socket or None)
        self.listener = socket.create_server(("127.0.0.1", port))
        self.port = self.listener.getsockname()[1]
        self.running = True
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def url(self, scheme, path="", user=""):
        at = f"{user}@" if user else ""
        return f"{scheme}://{at}127.0.0.1:{self.port}{path}"

    def set_mode(self, mode):
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; one of {MODES}")
        with self.lock:
            self.mode = mode
            pairs = list(self.pairs) if mode in ("refuse", "drop") else []
            if pairs:
                self.pairs.clear()
        for pair in pairs:
            close(*pair)

    def accept_loop(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                mode = self.mode
            if mode in ("refuse", "drop"):
                close(client)
                continue
            threading.Thread(target=self.serve, args=(client,), daemon=True).start()

    def serve(self, client):
        backend = None
        try:
            backend = socket.create_connection(self.backend, timeout=5)
        except OSError:
            close(client)
            return
        pair = (client, backend)
        with self.lock:
            self.pairs.add(pair)
        try:
            self.pump(client, backend)
        finally:
            with self.lock:
                self.pairs.discard(pair)
            close(client, backend)

    def pump(self, client, backend):
        peer = {client: backend, backend: client}
        while self.running:
            with self.lock:
                mode = self.mode
            if mode == "hang":
                # Read nothing: the bytes wait in the kernel's buffers.
                time.sleep(0.05)
                continue
            if mode != "pass":
                return
            try:
                readable, _, _ = select.select(list(peer), [], [], 0.05)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    peer[sock].sendall(data)
            except OSError:
                return

    def close(self):
        self.running = False
        close(self.listener)
        with self.lock:
            pairs = list(self.pairs)
            self.pairs.clear()
        for pair in pairs:
            close(*pair)


def close(*sockets):
    for sock in sockets:
        if sock is None:
            continue
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()


def main():
    """Run a proxy; its mode is the first word of CONTROL_FILE, read every
    0.1 s (bench/load_test.sh writes it)."""
    listen, target, control = sys.argv[1], sys.argv[2], sys.argv[3]
    host, _, port = target.rpartition(":")
    proxy = FaultProxy(host, int(port), int(listen))
    mode = "pass"
    while True:
        try:
            with open(control) as file:
                wanted = (file.read().split() or ["pass"])[0]
        except OSError:
            wanted = "pass"
        if wanted != mode and wanted in MODES:
            proxy.set_mode(wanted)
            mode = wanted
        time.sleep(0.1)


if __name__ == "__main__":
    main()
