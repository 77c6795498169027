"""The domain never talks to a search engine: only the assembly points may import engine code."""

import ast
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "catalogue"
ALLOWED = {"app.py", "cli.py"}
FORBIDDEN = ("meilisearch", "tantivy", "search.engines", "search.sync", "search.service")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_app_and_cli_import_engine_code():
    offenders = sorted(
        f"{path.relative_to(CATALOGUE)}: {name}"
        for path in CATALOGUE.rglob("*.py")
        if str(path.relative_to(CATALOGUE)) not in ALLOWED
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    )
    assert offenders == []


def test_the_check_sees_a_real_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import tantivy\nfrom search.engines.meili import MeiliEngine\n")
    assert _imports(sample) == {"tantivy", "search.engines.meili"}
