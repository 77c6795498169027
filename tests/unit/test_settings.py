import pytest

from catalogue.settings import SettingsError, load_settings

SECRET = "s" * 40


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


def test_production_with_a_secret_key_starts():
    settings = load_settings({"CATALOGUE_SECRET_KEY": SECRET})

    assert (settings.env, settings.secret_key, settings.is_development) == ("production", SECRET, False)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"CATALOGUE_SEARCH_ENGINE": "foo"},
         "CATALOGUE_SEARCH_ENGINE='foo' is not one of: embedded, meilisearch"),
        ({"CATALOGUE_ENV": "staging"},
         "CATALOGUE_ENV='staging' is not one of: production, development, test"),
        ({"CATALOGUE_DATABASE_URL": "mysql://x"},
         "CATALOGUE_DATABASE_URL must start with sqlite: or postgresql:, got 'mysql'"),
        ({"CATALOGUE_SECRET_KEY": "short"}, "CATALOGUE_SECRET_KEY must be at least 32 characters long"),
        ({"CATALOGUE_SMTP_URL": "mail.example.org"}, "CATALOGUE_SMTP_URL must start with smtp:// or smtps://"),
        ({"MEILISEARCH_URL": "localhost:7700"}, "MEILISEARCH_URL must start with http:// or https://"),
        ({"MEILISEARCH_INDEX_PREFIX": "prod/"}, "MEILISEARCH_INDEX_PREFIX may hold only letters, digits, - and _"),
        ({"CATALOGUE_OUTBOX_WORKER": "maybe"},
         "CATALOGUE_OUTBOX_WORKER='maybe' is not a boolean; use true or false"),
    ],
)
def test_a_bad_value_is_one_clear_line_naming_the_variable(environ, message):
    with pytest.raises(SettingsError) as error:
        load_settings({"CATALOGUE_ENV": "development", **environ})

    assert str(error.value) == message


def test_postgres_urls_use_the_psycopg_driver():
    settings = load_settings({"CATALOGUE_ENV": "development",
                              "CATALOGUE_DATABASE_URL": "postgresql://u:p@db:5432/catalogue"})

    assert settings.database_url == "postgresql+psycopg://u:p@db:5432/catalogue"


def test_the_cli_refuses_to_start_with_a_bad_setting(monkeypatch):
    from click.testing import CliRunner

    from catalogue.cli import main

    monkeypatch.setenv("CATALOGUE_ENV", "development")
    monkeypatch.setenv("CATALOGUE_SEARCH_ENGINE", "foo")
    result = CliRunner().invoke(main, ["db", "upgrade"])

    assert result.exit_code == 1
    assert result.output == "Error: CATALOGUE_SEARCH_ENGINE='foo' is not one of: embedded, meilisearch\n"
