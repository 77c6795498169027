"""A second (third...) process on one embedded index folder, for the multi-process tests.

    python -m tests.integration.search.engine_process INDEX_ROOT DATABASE_URL

Opens an `EmbeddedEngine` on INDEX_ROOT and answers one JSON command a line on stdin with
one JSON line on stdout: {"op": "claim"} -> {"writer": bool}; {"op": "drain"} -> the outbox
drain report (the real `drain_outbox_once`, until nothing is claimed); {"op": "ids",
"index": ...} -> sorted ids; {"op": "search", "text": ...} -> ids of the public hits;
{"op": "close"} closes the engine and exits. An error answers {"error": "..."}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from catalogue.db import make_engine
from search.engines.embedded import EmbeddedEngine
from search.query import PUBLIC_INDEX, SearchQuery
from search.sync import drain_outbox_once


def answer(engine: EmbeddedEngine, db_engine, command: dict) -> dict:
    op = command["op"]
    if op == "claim":
        return {"writer": engine.claim_writer()}
    if op == "drain":
        claimed = applied = 0
        while True:
            report = drain_outbox_once(db_engine=db_engine, engine=engine)
            claimed, applied = claimed + report.claimed, applied + report.applied
            if not report.claimed or report.error:
                return {"claimed": claimed, "applied": applied, "error": report.error, "writer": engine.is_writer}
    if op == "ids":
        return {"ids": sorted(int(i) for i in engine.document_ids(command["index"]))}
    if op == "search":
        result = engine.search(PUBLIC_INDEX, SearchQuery(text=command["text"], page_size=100))
        return {"ids": sorted(int(hit.id) for hit in result.hits)}
    raise ValueError(f"unknown op {op!r}")


def main() -> None:
    root, database_url = sys.argv[1], sys.argv[2]
    engine = EmbeddedEngine(root=Path(root))
    db_engine = make_engine(database_url)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "close":
            engine.close()
            print(json.dumps({"closed": True}), flush=True)
            return
        try:
            reply = answer(engine, db_engine, command)
        except Exception as exc:  # noqa: BLE001 - reported to the test
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
