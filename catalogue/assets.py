"""Where the package's own files live: templates, static files and vendored front-end files.

Everything is found relative to this package, never the working directory or a source
checkout, so an installed wheel serves the same pages as a checkout.
"""

from __future__ import annotations

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
