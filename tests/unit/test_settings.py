import secrets

import pytest

from catalogue.settings import SettingsError, load_settings

SECRET = "Zq3-vN8rT1_kLm0pWx7yB4cHj9sDf2Ga6Ue5"


def test_defaults_in_development_use_sqlite_under_the_data_dir(tmp_path):
    settings = load_settings({"CATALOGUE_ENV": "development", "CATALOGUE_DATA_DIR": str(tmp_path)})

    assert settings.database_url == f"sqlite:///{tmp_path / 'catalogue.db'}"
    assert settings.search_engine == "embedded"
    assert settings.index_dir == tmp_path / "index"
    assert settings.is_development is True


def test_production_is_the_default_and_requires_a_secret_key():
    with pytest.raises(SettingsError) as error:
        load_settings({})

    assert str(error.value) == (
        "CATALOGUE_SECRET_KEY is required when CATALOGUE_ENV=production "
        "(set it to a long random string, or set CATALOGUE_ENV=development)"
    )


def test_production_with_a_secret_key_and_a_base_url_starts():
    settings = load_settings({"CATALOGUE_SECRET_KEY": SECRET, "CATALOGUE_BASE_URL": "https://awards.example.org/"})

    assert (settings.env, settings.secret_key, settings.is_development, settings.base_url) == (
        "production",
        SECRET,
        False,
        "https://awards.example.org",
    )


def test_production_refuses_a_missing_base_url_in_one_line():
    with pytest.raises(SettingsError) as error:
        load_settings({"CATALOGUE_SECRET_KEY": SECRET})

    assert str(error.value) == (
        "CATALOGUE_BASE_URL is required when CATALOGUE_ENV=production "
        "(the address people reach the app at, e.g. https://awards.example.org)"
    )


def test_a_database_password_given_apart_is_escaped_into_the_url():
    settings = load_settings(
        {
            "CATALOGUE_ENV": "development",
            "CATALOGUE_DATABASE_URL": "postgresql://catalogue@db:5432/catalogue",
            "CATALOGUE_DATABASE_PASSWORD": "p@ss/w:rd%?#",
        }
    )

    assert settings.database_url == "postgresql+psycopg://catalogue:p%40ss%2Fw%3Ard%25%3F%23@db:5432/catalogue"
    from sqlalchemy.engine import make_url

    assert make_url(settings.database_url).password == "p@ss/w:rd%?#"


def test_secrets_stay_out_of_the_settings_repr():
    settings = load_settings(
        {
            "CATALOGUE_ENV": "development",
            "CATALOGUE_SECRET_KEY": SECRET,
            "CATALOGUE_DATABASE_URL": "postgresql://catalogue@db/catalogue",
            "CATALOGUE_DATABASE_PASSWORD": "hunter2-database",
            "MEILISEARCH_API_KEY": "meili-master-key-value",
        }
    )

    assert not {SECRET, "hunter2-database", "meili-master-key-value"} & set(repr(settings).split("'"))
    assert "hunter2" not in repr(settings) and "meili-master" not in repr(settings)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"CATALOGUE_SEARCH_ENGINE": "foo"}, "CATALOGUE_SEARCH_ENGINE='foo' is not one of: embedded, meilisearch"),
        ({"CATALOGUE_ENV": "staging"}, "CATALOGUE_ENV='staging' is not one of: production, development, test"),
        (
            {"CATALOGUE_DATABASE_URL": "mysql://x"},
            "CATALOGUE_DATABASE_URL must start with sqlite: or postgresql:, got 'mysql'",
        ),
        ({"CATALOGUE_SECRET_KEY": "short"}, "CATALOGUE_SECRET_KEY must be at least 32 characters long"),
        (
            {"CATALOGUE_SECRET_KEY": "s" * 40},
            "CATALOGUE_SECRET_KEY is too predictable (about 0 bits of entropy, 128 needed): "
            "use a random value, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(48))'",
        ),
        (
            {"CATALOGUE_SECRET_KEY": "password" * 5},
            "CATALOGUE_SECRET_KEY is too predictable (about 110 bits of entropy, 128 needed): "
            "use a random value, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(48))'",
        ),
        ({"CATALOGUE_SMTP_URL": "mail.example.org"}, "CATALOGUE_SMTP_URL must start with smtp:// or smtps://"),
        ({"MEILISEARCH_URL": "localhost:7700"}, "MEILISEARCH_URL must start with http:// or https://"),
        (
            {"CATALOGUE_BASE_URL": "awards.example.org"},
            "CATALOGUE_BASE_URL='awards.example.org' is not an http:// or https:// address",
        ),
        (
            {"CATALOGUE_DATABASE_PASSWORD": "pw"},
            "CATALOGUE_DATABASE_PASSWORD is only for PostgreSQL; CATALOGUE_DATABASE_URL is SQLite",
        ),
        (
            {"CATALOGUE_DATABASE_URL": "postgresql://u:old@db/c", "CATALOGUE_DATABASE_PASSWORD": "pw"},
            "CATALOGUE_DATABASE_URL already has a password; drop it or CATALOGUE_DATABASE_PASSWORD",
        ),
        (
            {"MEILISEARCH_PUBLIC_URL": "search.example.org"},
            "MEILISEARCH_PUBLIC_URL must start with http:// or https://",
        ),
        (
            {"CATALOGUE_EMBED_ORIGINS": "https://a.example.org, www.example.org"},
            (
                "CATALOGUE_EMBED_ORIGINS: 'www.example.org' is not an http(s) origin; use a comma-separated list "
                "like https://www.example.org,http://localhost:8080 (no path, no trailing slash)"
            ),
        ),
        (
            {"CATALOGUE_EMBED_ORIGINS": "https://www.example.org/"},
            (
                "CATALOGUE_EMBED_ORIGINS: 'https://www.example.org/' is not an http(s) origin; use a comma-separated "
                "list like https://www.example.org,http://localhost:8080 (no path, no trailing slash)"
            ),
        ),
        ({"MEILISEARCH_INDEX_PREFIX": "prod/"}, "MEILISEARCH_INDEX_PREFIX may hold only letters, digits, - and _"),
        ({"CATALOGUE_OUTBOX_WORKER": "maybe"}, "CATALOGUE_OUTBOX_WORKER='maybe' is not a boolean; use true or false"),
    ],
)
def test_a_bad_value_is_one_clear_line_naming_the_variable(environ, message):
    with pytest.raises(SettingsError) as error:
        load_settings({"CATALOGUE_ENV": "development", **environ})

    assert str(error.value) == message


def test_postgres_urls_use_the_psycopg_driver():
    settings = load_settings(
        {"CATALOGUE_ENV": "development", "CATALOGUE_DATABASE_URL": "postgresql://u:p@db:5432/catalogue"}
    )

    assert settings.database_url == "postgresql+psycopg://u:p@db:5432/catalogue"


def test_the_cli_refuses_to_start_with_a_bad_setting(monkeypatch):
    from click.testing import CliRunner

    from catalogue.cli import main

    monkeypatch.setenv("CATALOGUE_ENV", "development")
    monkeypatch.setenv("CATALOGUE_SEARCH_ENGINE", "foo")
    result = CliRunner().invoke(main, ["db", "upgrade"])

    assert result.exit_code == 1
    assert result.output == "Error: CATALOGUE_SEARCH_ENGINE='foo' is not one of: embedded, meilisearch\n"


@pytest.mark.parametrize(
    "bad",
    [
        "ftp://files.example.org",
        "https://",
        "https://www.example.org/page",
        "https://user@www.example.org",
        "https://www.example.org:port",
        "https://www.example.org?x=1",
        "*",
        "https://*.example.org",
    ],
)
def test_an_embed_origin_must_be_a_bare_http_origin(bad):
    with pytest.raises(SettingsError) as error:
        load_settings({"CATALOGUE_ENV": "development", "CATALOGUE_EMBED_ORIGINS": bad})

    assert str(error.value).startswith(f"CATALOGUE_EMBED_ORIGINS: {bad!r} is not an http(s) origin")


def test_embed_origins_are_normalised_and_deduplicated():
    settings = load_settings(
        {
            "CATALOGUE_ENV": "development",
            "CATALOGUE_EMBED_ORIGINS": " https://WWW.Example.org, http://localhost:8080,,https://www.example.org ",
        }
    )

    assert settings.embed_origins == ("https://www.example.org", "http://localhost:8080")
    assert load_settings({"CATALOGUE_ENV": "development"}).embed_origins == ()


def test_the_public_meilisearch_url_defaults_to_the_meilisearch_url():
    default = load_settings({"CATALOGUE_ENV": "development", "MEILISEARCH_URL": "http://meili:7700/"})
    public = load_settings(
        {
            "CATALOGUE_ENV": "development",
            "MEILISEARCH_URL": "http://meili:7700",
            "MEILISEARCH_PUBLIC_URL": "https://search.example.org/meili/",
        }
    )

    assert default.meilisearch_browser_url == "http://meili:7700"
    assert public.meilisearch_browser_url == "https://search.example.org/meili"
    assert public.meilisearch_url == "http://meili:7700"


@pytest.mark.parametrize("make_secret", [lambda: secrets.token_urlsafe(32), lambda: secrets.token_hex(32)])
def test_random_secret_keys_are_accepted(make_secret):
    """Fresh random keys each run (made in the test: xdist workers must collect the same ids)."""
    secret = make_secret()
    settings = load_settings({"CATALOGUE_SECRET_KEY": secret, "CATALOGUE_BASE_URL": "https://awards.example.org"})
    assert settings.secret_key == secret


@pytest.mark.parametrize("secret", ["ab" * 20, "abcd" * 10, "abcdef" * 6])
def test_patterned_secret_keys_are_refused(secret):
    with pytest.raises(SettingsError, match="CATALOGUE_SECRET_KEY is too predictable"):
        load_settings({"CATALOGUE_SECRET_KEY": secret, "CATALOGUE_BASE_URL": "https://awards.example.org"})
