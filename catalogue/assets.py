"""Where the package's own files live: templates, static files and vendored front-end files.

Everything is found relative to this package, never the working directory or a source
checkout, so an installed wheel serves the same pages as a checkout.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
#: Files an install cannot serve pages without (the vendored ones come from
#: `npm run vendor`, which the Makefile and the Dockerfile run before installing).
REQUIRED_FILES = (
    TEMPLATES_DIR / "base.html",
    TEMPLATES_DIR / "errors" / "error.html",
    STATIC_DIR / "css" / "site.css",
    STATIC_DIR / "vendor" / "htmx" / "htmx.min.js",
    STATIC_DIR / "vendor" / "swagger-ui" / "swagger-ui-bundle.js",
)


def missing_files() -> list[str]:
    """The required files this install lacks, relative to the package (a few stat calls)."""
    return [str(path.relative_to(PACKAGE_DIR)) for path in REQUIRED_FILES if not path.is_file()]


@lru_cache(maxsize=1)
def static_digest() -> str:
    """One content hash of every static file (names and bytes), computed once per process.

    Pages link to `/assets/<digest>/...`, served with `Cache-Control: immutable`: any change
    to any file gives every asset a new URL, so a browser never keeps a stale one, and
    relative references between the files (a stylesheet's `url(...)`) still resolve.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in STATIC_DIR.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(STATIC_DIR)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def asset_url(path: str) -> str:
    """The cache-forever URL of a static file, e.g. `asset_url("css/site.css")`."""
    return f"/assets/{static_digest()}/{path.lstrip('/')}"


def plain_asset_url(path: str) -> str:
    """The same file at its plain, briefly cached URL (development)."""
    return f"/static/{path.lstrip('/')}"
