"""Under CI=true with a meilisearch binary on PATH, a Meilisearch test that skips fails
(tests/conftest.py); elsewhere it skips with its reason. Checked by running pytest itself on a
Meilisearch test made to skip: MEILISEARCH_URL names a server but no master key is given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
A_MEILI_TEST = "tests/integration/search/test_meili_keys.py::test_the_default_admin_key_may_provision_too"


def _run(tmp_path: Path, *, ci: bool) -> subprocess.CompletedProcess:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "meilisearch"  # found on PATH, never run: MEILISEARCH_URL is set
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "MEILISEARCH_API_KEY", "CATALOGUE_TEST_ENGINE")}
    env |= {"PATH": f"{bin_dir}:{env.get('PATH', '')}", "MEILISEARCH_URL": "http://127.0.0.1:9"}
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-q", "-rs", A_MEILI_TEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("ci", [True, False], ids=["CI", "not CI"])
def test_a_skipping_meilisearch_test_fails_only_in_ci(tmp_path, ci):
    result = _run(tmp_path, ci=ci)

    if ci:
        assert result.returncode == 1, result.stdout
        assert "1 error" in result.stdout  # the skip came from a fixture: an error in set-up
        assert (
            "CI=true and a meilisearch binary is on PATH, so this Meilisearch test must run, but it skipped: "
            "the Meilisearch at MEILISEARCH_URL has no master key"
        ) in result.stdout
    else:
        assert result.returncode == 0, result.stdout
        assert "1 skipped" in result.stdout
        assert "the Meilisearch at MEILISEARCH_URL has no master key in MEILISEARCH_API_KEY" in result.stdout
