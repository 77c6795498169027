"""A Meilisearch index rebuilt off to the side: filled under a temporary uid, then swapped
with the live one in one task, so searches never see a half-built index."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from meilisearch.models.task import TaskInfo

if TYPE_CHECKING:
    from search.engines.meili import MeiliEngine


class MeiliBuild:
    """A fresh index filled under a temporary uid, then swapped with the live one."""

    def __init__(self, engine: MeiliEngine, index: str) -> None:
        self.engine = engine
        self.live = engine.uid(index)
        self.uid = f"{self.live}__build_{time.time_ns()}"
        engine._create_with_settings(self.uid)
        self.tasks: list[tuple[TaskInfo, str]] = []

    def add(self, documents: Sequence[dict[str, Any]]) -> None:
        """Enqueue only: `swap` waits for all of them at once."""
        if documents:
            index = self.engine.admin.index(self.uid)
            task = self.engine._call("adding documents", index.add_documents, list(documents), "id")
            self.tasks.append((task, f"filling {self.uid}"))

    def swap(self) -> None:
        self.engine.wait_all(self.tasks)
        self.engine._create_with_settings(self.live)
        swap = self.engine._call(
            "swapping indexes", self.engine.admin.swap_indexes, [{"indexes": [self.live, self.uid]}]
        )
        self.engine.wait(swap, f"swapping {self.uid} into {self.live}")
        self.abort()

    def abort(self) -> None:
        """Delete the side index (after a swap it holds the old documents)."""
        task = self.engine._call("deleting an index", self.engine.admin.delete_index, self.uid)
        self.engine.wait(task, f"deleting {self.uid}")
