"""Test helpers shared by the schema and validation tests: the schema folder, a local server."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from convert.schemas import SCHEMA_FILES
from tests.support import SHARED, require


def schema_folder() -> Path:
    """The IPTC schemas ($NEWSCONVERT_SCHEMA_DIR, else shared/schemas); skip (CI: fail) if absent."""
    folder = Path(os.environ.get("NEWSCONVERT_SCHEMA_DIR") or SHARED / "schemas")
    require(all((folder / n).is_file() for n in SCHEMA_FILES),
            f"NewsML-G2 schemas not found in {folder}")
    return folder


@contextmanager
def serve(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """A throw-away HTTP server on 127.0.0.1 serving ``folder``; yields (base url, paths hit)."""
    hits: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()
