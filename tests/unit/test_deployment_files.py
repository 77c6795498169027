"""docker-compose.yml, the Dockerfile and .dockerignore, checked by parsing them (there is no
Docker engine here): the settings the app reads and the variables compose passes agree, and
the image is built the way the README promises. What they start (the installed package,
PostgreSQL, Meilisearch) is tested for real in tests/integration/test_installed_package.py."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import yaml

from catalogue.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?:(?P<op>:\?|:-)(?P<arg>[^}]*))?\}")


class RecordingEnviron(Mapping[str, str]):
    """An environment that notes every variable the settings loader asks for."""

    def __init__(self, values: dict[str, str]) -> None:
        self.variables = values
        self.asked: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        return self.variables[key]

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        self.asked.add(key)
        return self.variables.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.variables)

    def __len__(self) -> int:
        return len(self.variables)


def _interpolate(value: str, shell: dict[str, str]) -> str:
    """Compose's `${VAR:?message}` / `${VAR:-default}` against the operator's shell."""

    def replace(match: re.Match) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        if shell.get(name):
            return shell[name]
        if op == ":?":
            raise KeyError(f"{name}: {arg}")
        return arg or ""

    return INTERPOLATION.sub(replace, value)


def _required_shell_variables() -> set[str]:
    text = (ROOT / "docker-compose.yml").read_text()
    return {m["name"] for m in INTERPOLATION.finditer(text) if m["op"] == ":?"}


OPERATOR_SHELL = {
    "CATALOGUE_SECRET_KEY": "Zq3-vN8rT1_kLm0pWx7yB4cHj9sDf2Ga6Ue5Ro4Ii1Oo",
    "CATALOGUE_BASE_URL": "https://awards.example.org",
    "POSTGRES_PASSWORD": "p@ss/w:rd?#%",
    "MEILI_MASTER_KEY": "m" * 32,
}


def _app_environment(shell: dict[str, str]) -> dict[str, str]:
    raw = COMPOSE["services"]["app"]["environment"]
    return {name: _interpolate(str(value), shell) for name, value in raw.items()}


def test_the_header_names_every_variable_compose_requires():
    header = (ROOT / "docker-compose.yml").read_text().split("services:", 1)[0]

    assert _required_shell_variables() == set(OPERATOR_SHELL)
    assert all(name in header for name in OPERATOR_SHELL)


def test_the_app_starts_on_exactly_the_variables_compose_passes():
    environ = RecordingEnviron(_app_environment(OPERATOR_SHELL))

    settings = load_settings(environ)

    assert set(environ.variables) <= environ.asked, "compose passes a variable the app never reads"
    assert (settings.env, settings.search_engine, settings.base_url) == (
        "production",
        "meilisearch",
        "https://awards.example.org",
    )
    assert settings.meilisearch_url == "http://meilisearch:7700"
    from sqlalchemy.engine import make_url

    url = make_url(settings.database_url)
    postgres = COMPOSE["services"]["postgres"]["environment"]
    assert (url.host, url.port, url.database, url.username, url.password) == (
        "postgres",
        5432,
        postgres["POSTGRES_DB"],
        postgres["POSTGRES_USER"],
        OPERATOR_SHELL["POSTGRES_PASSWORD"],
    )


@pytest.mark.parametrize("missing", sorted(OPERATOR_SHELL))
def test_compose_refuses_to_start_without_each_required_variable(missing):
    shell = {k: v for k, v in OPERATOR_SHELL.items() if k != missing}
    values = [
        str(value) for service in COMPOSE["services"].values() for value in (service.get("environment") or {}).values()
    ]

    with pytest.raises(KeyError, match=missing):
        for value in values:
            _interpolate(value, shell)


@pytest.mark.parametrize("variable", ["CATALOGUE_SECRET_KEY", "CATALOGUE_BASE_URL"])
def test_the_app_itself_refuses_production_without_its_required_settings(variable):
    environment = {k: v for k, v in _app_environment(OPERATOR_SHELL).items() if k != variable}

    with pytest.raises(SettingsError, match=f"^{variable} is required when CATALOGUE_ENV=production"):
        load_settings(environment)


def test_the_services_share_one_password_and_one_master_key():
    services = COMPOSE["services"]

    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"] == "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
    assert services["app"]["environment"]["CATALOGUE_DATABASE_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert services["meilisearch"]["environment"]["MEILI_MASTER_KEY"].startswith("${MEILI_MASTER_KEY:?")
    assert services["app"]["environment"]["MEILISEARCH_API_KEY"].startswith("${MEILI_MASTER_KEY:?")
    from sqlalchemy.engine import make_url

    assert make_url(services["app"]["environment"]["CATALOGUE_DATABASE_URL"]).password is None


def test_every_service_has_a_healthcheck_and_the_app_waits_for_its_dependencies():
    services = COMPOSE["services"]

    assert all("healthcheck" in service for service in services.values())
    assert services["app"]["depends_on"] == {
        name: {"condition": "service_healthy"} for name in services if name != "app"
    }
    assert "/healthz" in " ".join(services["app"]["healthcheck"]["test"])


def test_the_app_shares_its_store_on_a_private_unpersisted_valkey():
    services = COMPOSE["services"]
    valkey = services["valkey"]

    assert valkey["image"].startswith("valkey/valkey:8")
    assert "ports" not in valkey
    assert valkey["healthcheck"]["test"] == ["CMD", "valkey-cli", "ping"]
    assert "--appendonly" in valkey["command"]
    settings = load_settings(_app_environment(OPERATOR_SHELL))
    assert settings.store_url == "redis://valkey:6379/0"
    assert settings.trusted_proxies == ()  # unless the operator names the proxy


def _stages() -> list[str]:
    return re.findall(r"^FROM .+$", DOCKERFILE, flags=re.MULTILINE)


def _instructions(keyword: str) -> list[str]:
    joined = DOCKERFILE.replace("\\\n", " ")
    return [line[len(keyword) + 1 :].strip() for line in joined.splitlines() if line.startswith(keyword + " ")]


def test_the_image_is_built_in_stages_from_the_lock_file_with_runtime_npm_packages_only():
    runs = _instructions("RUN")

    assert [stage.split()[-1] for stage in _stages()] == ["frontend", "build", "python:3.11-slim-bookworm"]
    assert any("npm ci --omit=dev" in run for run in runs)
    assert any("--require-hashes -r /tmp/requirements.lock" in run for run in runs)
    assert any(run.endswith("pip install --no-deps .") for run in runs)
    # dependencies are installed before the code is copied in, so a code change keeps them cached
    assert DOCKERFILE.index("requirements.lock") < DOCKERFILE.index("COPY catalogue")


def test_every_file_the_dockerfile_copies_exists_and_is_not_ignored():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    sources = []
    for copy in _instructions("COPY"):
        if copy.startswith("--from="):
            continue
        sources += shlex.split(copy)[:-1]

    assert sources and all((ROOT / source).exists() for source in sources)
    assert not {source.rstrip("/") for source in sources} & ignored
    assert {".git", ".venv", "node_modules", "var", "catalogue/static/vendor"} <= ignored


def test_the_server_runs_as_pid_1_through_exec():
    entrypoint = (ROOT / "docker" / "entrypoint.sh").read_text()

    assert _instructions("ENTRYPOINT") == ['["catalogue-entrypoint"]'], "exec form: no shell stays as PID 1"
    commands = [line.strip() for line in entrypoint.splitlines() if line.strip() and not line.startswith("#")]
    assert commands[:3] == ["set -eu", "catalogue db upgrade", "catalogue seed --if-empty"]
    assert commands[-1].startswith("exec catalogue run ")


def test_the_example_env_file_names_exactly_the_variables_compose_requires():
    lines = [line for line in (ROOT / ".env.example").read_text().splitlines() if line and not line.startswith("#")]

    assert {line.split("=", 1)[0] for line in lines} == _required_shell_variables()


def test_every_vendored_file_comes_from_a_runtime_npm_dependency():
    """The image installs `npm ci --omit=dev`: a vendored file from a devDependency would be missing."""
    import json

    package = json.loads((ROOT / "package.json").read_text())
    script = (ROOT / "scripts" / "vendor-assets.mjs").read_text()
    sources = re.findall(r'^\s*"[^"]+":\s*"([^"]+)",?$', script.split("const FILES", 1)[1].split("};", 1)[0], re.M)
    packages = {"/".join(source.split("/")[: 2 if source.startswith("@") else 1]) for source in sources}

    assert "htmx.org" in packages
    assert packages <= set(package["dependencies"]), packages - set(package["dependencies"])
