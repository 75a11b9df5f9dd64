"""SeaweedFS for the bench scripts, as the tests start it (tests/servers.py
ObjectStore): started here, its settings written as `export` lines to the
file named by the first argument, stopped (and its data removed) on SIGTERM.

Usage: python bench/object_store.py ENV_FILE [EXTRA_BUCKET ...]
"""

import shlex
import shutil
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.servers import ObjectStore


def main(env_file, *extra_buckets):
    # Blocked before the store starts, so a stop asked for meanwhile waits.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    store = ObjectStore(extra_buckets=extra_buckets)
    try:
        lines = [
            f"export {name}={shlex.quote(value)}"
            for name, value in store.environment().items()
        ]
        Path(env_file).write_text("\n".join(lines) + "\n")
        signal.sigwait({signal.SIGTERM, signal.SIGINT})
    finally:
        store.stop()
        shutil.rmtree(store.work, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
