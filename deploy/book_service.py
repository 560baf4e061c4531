"""The built book as a JupyterHub service: serves a folder (``_build/html``)
under the service's prefix (``/services/book/``) on the address JupyterHub
gives the service (``JUPYTERHUB_SERVICE_URL``), so the course is read beside
the hub. Standard library only.

Run by the hub (see jupyterhub_config.py): python book_service.py FOLDER
"""

from __future__ import annotations

import functools
import os
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class BookHandler(SimpleHTTPRequestHandler):
    """Files of the book, the service prefix taken off the path; anything
    outside the prefix is not found."""

    prefix = "/"

    def send_head(self):  # type: ignore[no-untyped-def]
        if not urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + urlsplit(path).path[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"book: {format % args}\n")


def main(argv: list[str]) -> None:
    folder = argv[1] if len(argv) > 1 else "_build/html"
    url = urlsplit(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    BookHandler.prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/book/")
    handler = functools.partial(BookHandler, directory=folder)
    server = ThreadingHTTPServer((url.hostname or "127.0.0.1", url.port or 10101), handler)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
