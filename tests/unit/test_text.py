"""Text helpers: bare addresses in people's text become safe links; category paths nest."""

from __future__ import annotations

import re

from catalogue.rendering import render_markdown
from catalogue.templating import path_tree
from catalogue.text import linkify

REL = 'rel="nofollow ugc noopener noreferrer"'


def test_bare_web_addresses_become_links_marked_as_user_content():
    html = str(linkify("Read https://example.org/report?a=1&b=2 or www.nhs.uk today."))
    assert html == (
        f'Read <a href="https://example.org/report?a=1&amp;b=2" {REL}>https://example.org/report?a=1&amp;b=2</a>'
        f' or <a href="http://www.nhs.uk" {REL}>www.nhs.uk</a> today.'
    )


def test_script_and_markup_never_become_links_or_tags():
    html = str(linkify('javascript:alert(1) <script>x</script> <a href="javascript:alert(2)">y</a> data:text/html,hi'))
    assert "<script" not in html and "<a" not in html
    assert html.startswith("javascript:alert(1) &lt;script&gt;")


def test_a_quote_in_an_address_cannot_open_an_attribute():
    html = str(linkify('https://example.org/"onmouseover="alert(1)'))
    [tag] = re.findall(r"<a [^>]*>", html)
    assert re.fullmatch(r'<a href="https://example\.org/[^"]*" rel="nofollow ugc noopener noreferrer">', tag)
    assert "&quot;onmouseover" in tag


def test_only_web_and_mail_addresses_are_linked():
    html = str(linkify("ftp://files.example.org //cdn.example.org ask@example.org"))
    assert re.findall(r'href="([^"]*)"', html) == ["mailto:ask@example.org"]


def test_markdown_bodies_link_bare_addresses_too_and_keep_refusing_javascript():
    html = str(render_markdown("See https://example.org and [me](javascript:alert(1))."))
    assert f'<a href="https://example.org" {REL}>https://example.org</a>' in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html)[0]
    assert len(re.findall(r"<a ", html)) == 1


def test_paths_nest_under_their_parents_keeping_their_place_in_the_list():
    tree = path_tree(["Acute", "Acute > Surgery > Digital", "Acute > Together", "Themes"])
    assert [(n.name, n.index) for n in tree] == [("Acute", 1), ("Themes", 4)]
    [surgery, together] = tree[0].children
    assert (surgery.name, surgery.index, surgery.parent) == ("Surgery", 0, "Acute")  # not offered: groups only
    assert [(c.name, c.path, c.index) for c in surgery.children] == [("Digital", "Acute > Surgery > Digital", 2)]
    assert (together.name, together.index) == ("Together", 3)
