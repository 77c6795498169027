"""Which Meilisearch key each kind of call uses, and the scoped keys the app makes for itself.

Given a key that may manage keys in MEILISEARCH_API_KEY (the master key, or the default
admin key), the app finds or creates four keys of its own, with deterministic uids (uuid5
of the index prefix and the role), so every replica and every restart finds the same ones:

- ``public-search``: search on ``<prefix>case_studies`` only; the one a browser may see;
- ``private-search``: search on ``<prefix>nominations`` only; judges' and admins' queries;
- ``writer``: documents, indexes, settings and tasks on ``<prefix>case_studies*`` and
  ``<prefix>nominations*`` (the ``*`` covers the ``__build_*`` indexes of a rebuild);
- ``task-watcher``: ``tasks.get`` on every index, because Meilisearch 1.50 hides
  index-swap tasks (they have no index uid) from keys restricted to named indexes, so
  a rebuild could not wait for its own swap with the writer key.

A key that may not manage keys is the operator's own write key; MEILISEARCH_SEARCH_KEY
then serves public queries. With only MEILISEARCH_SEARCH_KEY the process is read-only.
Key values are never put in a message: sources are named by their variable.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import meilisearch
import requests
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
)

from search.errors import SearchError, SearchUnavailable
from search.query import PRIVATE_INDEX, PUBLIC_INDEX

logger = logging.getLogger("search.meili")

#: uuid5 namespace of the app's key uids (fixed forever: changing it orphans existing keys)
KEY_NAMESPACE = uuid.UUID("6f1d7c52-3f0e-4d8a-9a51-2b7c0e0b9c11")
AUTH_CODES = ("invalid_api_key", "missing_authorization_header")
API_KEY, SEARCH_KEY = "MEILISEARCH_API_KEY", "MEILISEARCH_SEARCH_KEY"
READ_ONLY_NOTE = (
    f"read-only: {API_KEY} is not set, so this process searches with {SEARCH_KEY} and leaves "
    "changes in the outbox for a process that can write"
)
#: what a call raises when Meilisearch cannot be reached (as against a refusal)
OUTAGES = (MeilisearchCommunicationError, MeilisearchTimeoutError, requests.RequestException, OSError)


class MeiliKeyError(SearchUnavailable):
    """A key is missing, wrong or lacks a right. The message names the variable (never the
    key); it is an outage to callers (503, outbox kept) until an operator fixes it."""


class ReadOnlyEngine(SearchError):
    """A write asked of a process configured with a search key only."""


@dataclass(frozen=True, kw_only=True)
class Credential:
    key: str
    #: what to call it in a message, e.g. "MEILISEARCH_API_KEY"
    source: str


@dataclass(frozen=True, kw_only=True)
class KeySpec:
    role: str
    description: str
    actions: tuple[str, ...]
    indexes: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class MeiliAccess:
    """The key for each kind of call; `writer`/`tasks` are None when read-only."""

    public: Credential
    private: Credential
    writer: Credential | None
    tasks: Credential | None
    #: the search-only key on case_studies a browser may see; None when none is known
    browser_key: str | None
    #: the keys were made (or found) by the app, so a refusal means "make them again"
    provisioned: bool = False

    def source_of(self, key: str | None) -> str:
        for credential in (self.writer, self.tasks, self.public, self.private):
            if credential is not None and credential.key == (key or ""):
                return credential.source
        return "the key"


def key_specs(*, index_prefix: str) -> list[KeySpec]:
    public, private = index_prefix + PUBLIC_INDEX, index_prefix + PRIVATE_INDEX
    label = f"Catalogue ({index_prefix or 'no index prefix'})"
    return [
        KeySpec(
            role="public-search",
            description=f"{label}: public search, may be given to browsers",
            actions=("search",),
            indexes=(public,),
        ),
        KeySpec(
            role="private-search",
            description=f"{label}: judges' and admins' search, server-side only",
            actions=("search",),
            indexes=(private,),
        ),
        KeySpec(
            role="writer",
            description=f"{label}: index writes, server-side only",
            actions=("documents.*", "indexes.*", "settings.*", "tasks.*"),
            indexes=(f"{public}*", f"{private}*"),
        ),
        KeySpec(
            role="task-watcher",
            description=f"{label}: waits for index swaps, server-side only",
            actions=("tasks.get",),
            indexes=("*",),
        ),
    ]


def key_uid(*, index_prefix: str, role: str) -> str:
    return str(uuid.uuid5(KEY_NAMESPACE, f"{index_prefix}\0{role}"))


def _unavailable(exc: Exception, *, url: str, doing: str) -> SearchUnavailable:
    return SearchUnavailable(f"Meilisearch at {url} unreachable while {doing}: {type(exc).__name__}")


class _CannotManageKeys(Exception):
    pass


def _find_or_create(client: meilisearch.Client, *, spec: KeySpec, uid: str) -> str:
    """The key value of `spec`, creating it (or replacing one with other rights) if needed."""
    wanted = {
        "uid": uid,
        "name": f"catalogue {spec.role}",
        "description": spec.description,
        "actions": list(spec.actions),
        "indexes": list(spec.indexes),
        "expiresAt": None,
    }
    try:
        found = client.get_key(uid)
        if sorted(found.actions) == sorted(spec.actions) and sorted(found.indexes) == sorted(spec.indexes):
            return found.key
        client.delete_key(uid)  # rights cannot be edited in place
    except MeilisearchApiError as exc:
        if exc.code in AUTH_CODES:
            raise _CannotManageKeys from exc
        if exc.code != "api_key_not_found":
            raise
    try:
        return client.create_key(wanted).key
    except MeilisearchApiError as exc:
        if exc.code in AUTH_CODES:
            raise _CannotManageKeys from exc
        if exc.code == "api_key_already_exists":  # another replica made it meanwhile
            return client.get_key(uid).key
        raise


def _refusal(client: meilisearch.Client, *, source: str, public_uid: str, url: str) -> str | None:
    """Why a key that should write cannot, or None when it may read index details (the
    right a search-only key lacks; writing itself is proved by the first write)."""
    try:
        client.get_raw_index(public_uid)
        return None
    except MeilisearchApiError as exc:
        if exc.code == "index_not_found":
            return None
        if exc.code not in AUTH_CODES:
            raise
    try:
        client.index(public_uid).search("", {"limit": 0})
    except MeilisearchApiError as exc:
        if exc.code in AUTH_CODES:
            return f"{source} is not accepted by Meilisearch at {url} (a wrong key?)"
    return (
        f"{source} is a search-only key, but writing needs the master key, or a key with the "
        f"documents, indexes, settings and tasks rights on {public_uid}"
    )


def _check_search_key(client: meilisearch.Client, *, source: str, public_uid: str, url: str) -> bool:
    """Raise when the key may not search the public index; return whether it is search-only
    (it cannot read index details), i.e. whether a browser may see it."""
    try:
        client.index(public_uid).search("", {"limit": 0})
    except MeilisearchApiError as exc:
        if exc.code in AUTH_CODES:
            raise MeiliKeyError(
                f"{source} is not accepted by Meilisearch at {url} for searching "
                f"{public_uid} (a wrong key, or one for other indexes?)"
            ) from None
        if exc.code != "index_not_found":
            raise
    try:
        client.get_raw_index(public_uid)
    except MeilisearchApiError as exc:
        return exc.code in AUTH_CODES
    return False


def resolve_access(*, url: str, api_key: str, search_key: str, index_prefix: str, timeout: int) -> MeiliAccess:
    """Work out (and where allowed, provision) the keys; raises MeiliKeyError naming the
    variable at fault, SearchUnavailable when Meilisearch cannot be reached."""
    public_uid = index_prefix + PUBLIC_INDEX
    try:
        return _resolve(
            url=url,
            api_key=api_key,
            search_key=search_key,
            index_prefix=index_prefix,
            timeout=timeout,
            public_uid=public_uid,
        )
    except OUTAGES as exc:
        raise _unavailable(exc, url=url, doing="checking its keys") from exc
    except MeilisearchApiError as exc:
        if exc.status_code >= 500:
            raise SearchUnavailable(f"Meilisearch at {url} failed while checking its keys: {exc.message}") from exc
        raise MeiliKeyError(f"Meilisearch at {url} refused checking its keys: {exc.message}") from exc


def _client(url: str, key: str, timeout: int) -> meilisearch.Client:
    return meilisearch.Client(url, key or None, timeout=timeout)


def _resolve(
    *, url: str, api_key: str, search_key: str, index_prefix: str, timeout: int, public_uid: str
) -> MeiliAccess:
    searcher = Credential(key=search_key, source=SEARCH_KEY)
    if not api_key:
        if not search_key:  # a Meilisearch started without a master key takes no key
            if _refusal(_client(url, "", timeout), source="", public_uid=public_uid, url=url) is not None:
                raise MeiliKeyError(f"Meilisearch at {url} requires a key: set {API_KEY}")
            keyless = Credential(key="", source="no key")
            return MeiliAccess(public=keyless, private=keyless, writer=keyless, tasks=keyless, browser_key="")
        browsable = _check_search_key(
            _client(url, search_key, timeout), source=SEARCH_KEY, public_uid=public_uid, url=url
        )
        return MeiliAccess(
            public=searcher, private=searcher, writer=None, tasks=None, browser_key=search_key if browsable else None
        )
    manager = _client(url, api_key, timeout)
    try:
        keys = {
            spec.role: _find_or_create(manager, spec=spec, uid=key_uid(index_prefix=index_prefix, role=spec.role))
            for spec in key_specs(index_prefix=index_prefix)
        }
    except _CannotManageKeys:
        return _operator_keys(
            manager, url=url, api_key=api_key, searcher=searcher, public_uid=public_uid, timeout=timeout
        )
    made = f"the {{}} key Catalogue made with {API_KEY}"
    return MeiliAccess(
        public=Credential(key=keys["public-search"], source=made.format("public search")),
        private=Credential(key=keys["private-search"], source=made.format("nominations search")),
        writer=Credential(key=keys["writer"], source=made.format("write")),
        tasks=Credential(key=keys["task-watcher"], source=made.format("task")),
        browser_key=keys["public-search"],
        provisioned=True,
    )


def _operator_keys(
    manager: meilisearch.Client, *, url: str, api_key: str, searcher: Credential, public_uid: str, timeout: int
) -> MeiliAccess:
    """MEILISEARCH_API_KEY may not manage keys: it is the write key itself."""
    writer = Credential(key=api_key, source=API_KEY)
    why = _refusal(manager, source=API_KEY, public_uid=public_uid, url=url)
    if why is not None:
        raise MeiliKeyError(why)
    if not searcher.key:
        return MeiliAccess(public=writer, private=writer, writer=writer, tasks=writer, browser_key=None)
    browsable = _check_search_key(
        _client(url, searcher.key, timeout), source=SEARCH_KEY, public_uid=public_uid, url=url
    )
    if not browsable:
        logger.warning("%s may do more than search: it is used server-side only, never shown to browsers", SEARCH_KEY)
    return MeiliAccess(
        public=searcher, private=writer, writer=writer, tasks=writer, browser_key=searcher.key if browsable else None
    )


class KeyRing:
    """The client for each kind of call (`public`, `private`, `writer`, `tasks`), built from
    the keys `resolve_access` works out on first use. A failure is not kept for later calls
    (the next use tries again); it is only shared with calls already waiting for it, so a
    Meilisearch that times out does not queue one timeout per request."""

    def __init__(self, *, url: str, api_key: str, search_key: str, index_prefix: str, timeout: int) -> None:
        self.url, self.timeout, self.index_prefix = url, timeout, index_prefix
        self._api_key, self._search_key = api_key, search_key
        self.read_only = not api_key and bool(search_key)
        self._access: MeiliAccess | None = None
        self._clients: dict[str, meilisearch.Client] = {}
        self._failure: tuple[float, SearchError] | None = None
        self._lock = threading.Lock()

    def access(self) -> MeiliAccess:
        asked = time.monotonic()
        with self._lock:
            if self._access is not None:
                return self._access
            if self._failure is not None and self._failure[0] >= asked:
                raise type(self._failure[1])(str(self._failure[1]))
            try:
                access = resolve_access(
                    url=self.url,
                    api_key=self._api_key,
                    search_key=self._search_key,
                    index_prefix=self.index_prefix,
                    timeout=self.timeout,
                )
            except SearchError as exc:
                self._failure = (time.monotonic(), exc)
                raise
            credentials = {
                "public": access.public,
                "private": access.private,
                "writer": access.writer,
                "tasks": access.tasks,
            }
            self._clients = {
                role: _client(self.url, c.key, self.timeout) for role, c in credentials.items() if c is not None
            }
            self._access, self._failure = access, None
            return access

    def client(self, role: str) -> meilisearch.Client:
        self.access()
        return self._clients[role]

    def forget(self) -> None:
        with self._lock:
            self._access = None

    def source_of(self, function: Callable[..., Any]) -> str:
        """Names the variable behind the key a bound client method uses (never the key)."""
        owner = getattr(function, "__self__", None)
        key = getattr(getattr(owner, "config", None), "api_key", None)
        access = self._access
        return access.source_of(key) if access is not None else "the key"
