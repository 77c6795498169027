"""Search-layer errors, importable without any engine client."""

from __future__ import annotations


class SearchError(RuntimeError):
    """An engine refused an operation (bad settings, a failed task): a bug or misconfiguration."""


class SearchUnavailable(SearchError):
    """The engine cannot be reached or used right now; callers answer 503 and retry later."""
