"""The search index reads a generated page without the parts marked `data-search-exclude`, and finds the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser

from helpers import ROOT, add_hook, build, copy_example, site_files
from generator.pipeline import check_content
from generator.plugin import _markdown_of
from generator.render import render_site
from generator.sanitize import page_html
from generator.searchable import STAND_IN, searchable
from generator.select import PUBLIC, REVIEW


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def indexed(html: str) -> list[tuple[str, str | None, str, str]]:
    """What Material's search plugin keeps of a page: each section it indexes, its anchor, title and text."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(section.el.tag, section.id, "".join(section.title).strip(), "".join(section.text).strip())
            for section in parser.data if not section.is_excluded()]


def test_every_page_of_the_example_is_indexed_the_same_from_a_third_of_its_markup() -> None:
    content = check_content(ROOT / "content")
    pages = {mode: render_site(content, mode).files for mode in (PUBLIC, REVIEW)}
    checked = 0
    for files in pages.values():
        for path, text in files.items():
            if not path.endswith(".md"):
                continue
            page = page_html(_markdown_of(text))
            cut = searchable(page)
            assert indexed(cut) == indexed(page), path
            checked += 1
            if 'class="fc-verdict' in page:  # a claim page
                assert len(cut) < 0.6 * len(page), f"{path}: {len(cut)} of {len(page)} characters left"
    assert checked > 40


TAGS = ["div", "p", "span", "section", "ul", "li", "a", "strong", "em", "pre", "code", "blockquote", "figure",
        "h1", "h2", "h3", "nav", "footer", "time", "mark", "sub", "br", "img", "hr"]
TEXT = st.text(alphabet=st.sampled_from(list("ab \n\t<&\"'é中\u00a0")), max_size=6)
ATTRIBUTES = st.sampled_from(['', ' class="x"', ' title="a &lt; b &gt; c"', ' title="data-search-exclude"',
                              ' title="a data-search-exclude=&quot;&quot; b"', ' lang="fr"'])


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        if draw(st.booleans()):
            parts.append(draw(TEXT).replace("&", "&amp;").replace("<", "&lt;"))
            continue
        tag = draw(st.sampled_from(TAGS))
        attributes = draw(ATTRIBUTES)
        if draw(st.booleans()):
            attributes += ' data-search-exclude=""'
        if tag in ("h1", "h2", "h3") and draw(st.booleans()):
            attributes += f' id="h{depth}-{len(parts)}"'
        if tag in ("br", "img", "hr"):
            parts.append(f"<{tag}{attributes}>")
            continue
        parts.append(f"<{tag}{attributes}>{draw(trees(depth + 1))}</{tag}>")
    return "".join(parts)


def indexed_or_failure(html: str) -> object:
    try:
        return indexed(html)
    except ValueError as failure:  # Material's parser fails on some nestings of lists: it must fail alike
        return type(failure)


@given(trees())
def test_any_page_the_sanitizer_writes_is_indexed_the_same_without_its_excluded_parts(markup: str) -> None:
    page = page_html(markup)
    assert indexed_or_failure(searchable(page)) == indexed_or_failure(page)


def test_what_is_not_the_sanitizers_html_is_left_whole() -> None:
    for page in ('<p data-search-exclude="">a</p><!-- x --><p>b</p>',  # a comment
                 '<p data-search-exclude="">a</p><p title="<p>">b</p>',  # a tag inside an attribute's value
                 '<div data-search-exclude=""><p>a</p>',  # never closed
                 '<p data-search-exclude="">a</p><script>"<p>"</script>',  # text that is not HTML
                 '<p data-search-exclude="yes">a</p><p>b</p>'):  # a value the search plugin removes from the page
        assert searchable(page) is page, page


@pytest.mark.parametrize("page", [
    # the words of the marker in an attribute's value (a link's title in a claim's notes) do not mark the element
    '<p>The mayor said <a href="https://example.org" title="archived data-search-exclude copy">a secret</a>.</p>',
    # an element of the same name inside an excluded one: the parser ends the exclusion at the inner one's end
    '<p>x</p><div data-search-exclude=""><div>inner</div>rest</div><p>y</p>',
    # a void element cut at the very start, then a heading with an id: no section of the cut's own
    '<br data-search-exclude=""><h1 id="t">Title</h1><p>body</p>',
    # a heading's text keeps its white space: a cut there never joins two runs
    '<h2 id="x">a<em> <span data-search-exclude="">z</span> </em>b</h2><p>c</p>',
])
def test_pages_a_reader_would_search_differently_if_cut_carelessly(page: str) -> None:
    assert indexed(searchable(page)) == indexed(page)
    assert "a secret" not in page or "a secret" in indexed(searchable(page))[0][3]


def test_a_cut_between_two_runs_of_text_leaves_an_element_in_its_place() -> None:
    assert searchable('<p>a <span data-search-exclude="">x</span> b</p>') == f"<p>a {STAND_IN} b</p>"
    assert searchable('<p>a<span data-search-exclude="">x</span></p>') == "<p>a</p>"
    kept = '<h2 id="s" data-search-exclude="">Kept: it opens a section</h2>'
    assert searchable(kept) is kept


def test_another_plugin_reading_pages_sees_them_whole_and_the_index_does_not_change(tmp_path: Path) -> None:
    plain = build(copy_example(tmp_path / "plain"))
    root = copy_example(tmp_path / "hooked")
    add_hook(root, "import pathlib\n"
                   "def on_page_context(context, page, config, nav):\n"
                   "    if page.file.src_uri.endswith('.md') and 'data-claim=' in (page.content or ''):\n"
                   "        with open(pathlib.Path(config.config_file_path).parent / 'seen.txt', 'a') as seen:\n"
                   "            seen.write(page.content.replace('\\n', ' ') + '\\n')\n"
                   "    return context\n")
    hooked = build(root)
    assert read(hooked, "search/search_index.json") == read(plain, "search/search_index.json")
    seen = (root / "seen.txt").read_text(encoding="utf-8").splitlines()
    assert seen and all('class="fc-prevnext"' in page for page in seen if 'data-status="' in page), \
        "a plugin between the search plugin and ours reads the whole page"
    docs = json.loads(read(plain, "search/search_index.json"))["docs"]
    assert not any("Previous claim" in doc["text"] for doc in docs)


def test_pages_indexed_as_they_are_prepared_make_the_site_the_search_plugin_makes_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import plugin

    ahead = site_files(build(copy_example(tmp_path / "ahead"), "--review"))
    monkeypatch.setattr(plugin, "_material_search", lambda config: None)  # Material's plugin parses every page
    itself = site_files(build(copy_example(tmp_path / "itself"), "--review"))
    assert ahead == itself
    assert len(json.loads(ahead[Path("search/search_index.json")])["docs"]) > 40
