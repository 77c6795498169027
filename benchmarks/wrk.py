"""Load from wrk (Debian's C load generator: it costs the shared cores far less than a Python
client), closed loop, cycling through a list of request paths (GET) or bodies (POST)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-http"
WRK = os.environ.get("WRK", "/usr/bin/wrk")
LUA = """
local lines, n = {}, 0
for line in io.lines(os.getenv("BENCH_REQUESTS")) do lines[#lines + 1] = line end
local method, headers = os.getenv("BENCH_METHOD"), {}
for k, v in string.gmatch(os.getenv("BENCH_HEADERS"), "([^\\n:]+): ([^\\n]+)") do headers[k] = v end
request = function()
  n = n + 1
  local line = lines[(n % #lines) + 1]
  if method == "POST" then return wrk.format("POST", os.getenv("BENCH_PATH"), headers, line) end
  return wrk.format("GET", line, headers, nil)
end
done = function(summary, latency, requests)
  io.write(string.format('BENCH {"requests": %d, "errors": %d, "seconds": %f, "p50": %f, "p95": %f}\\n',
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def run_wrk(url: str, *, method: str, path: str, lines: list[str], headers: dict, clients: int, seconds: float) -> dict:
    requests_file, lua = WORK / "wrk-requests.txt", WORK / "wrk.lua"
    requests_file.write_text("\n".join(lines) + "\n")
    lua.write_text(LUA)
    env = {
        **os.environ,
        "BENCH_REQUESTS": str(requests_file),
        "BENCH_METHOD": method,
        "BENCH_PATH": path,
        "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in headers.items()),
    }
    out = subprocess.run(
        [WRK, "-t1", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(lua), url],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(part for part in out.splitlines() if part.startswith("BENCH "))
    result = json.loads(line.removeprefix("BENCH "))
    result["rps"] = result["requests"] / result["seconds"]
    return result
