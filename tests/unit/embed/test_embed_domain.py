from catalogue.embed.domain import connect_source, embed_snippet


def test_a_connect_source_is_the_origin_or_a_path_prefix():
    assert connect_source("http://127.0.0.1:7700") == "http://127.0.0.1:7700"
    assert connect_source("https://example.org/meili") == "https://example.org/meili/"
    assert connect_source("https://example.org/meili/") == "https://example.org/meili/"


def test_the_snippet_points_at_this_site_and_escapes_the_address():
    assert embed_snippet(base_url="https://awards.example.org") == (
        '<div id="catalogue-search"></div>\n'
        '<script src="https://awards.example.org/static/js/embed.js" '
        'data-catalogue-config="https://awards.example.org/embed/config.json" defer></script>'
    )
    assert '"' not in embed_snippet(base_url='https://x.example/"a').split('src="', 1)[1].split('" data')[0]
