"""The search index reads a generated page without the parts marked `data-search-exclude`, and finds the same."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser

from helpers import ROOT, build, copy_example
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


# Material's parser compares elements by tag name, so an element inside an excluded one with the same tag ends
# the exclusion early (it indexes the rest of the excluded element). The cut follows the markup's intent there;
# our templates never nest so, and the trees below do not either.
TAGS = ["div", "p", "span", "section", "ul", "li", "a", "strong", "em", "pre", "code", "blockquote", "figure",
        "h2", "h3", "nav", "footer", "time", "mark", "sub", "br", "img"]
TEXT = st.text(alphabet=st.sampled_from(list("ab \n\t<&\"'é中")), max_size=6)


@st.composite
def trees(draw: st.DrawFn, depth: int = 0, excluded_tags: frozenset[str] = frozenset()) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        if draw(st.booleans()):
            parts.append(draw(TEXT).replace("&", "&amp;").replace("<", "&lt;"))
            continue
        tag = draw(st.sampled_from([tag for tag in TAGS if tag not in excluded_tags]))
        attributes = ""
        excluded = draw(st.booleans())
        if excluded:
            attributes += ' data-search-exclude=""'
        if tag in ("h2", "h3") and draw(st.booleans()):
            attributes += f' id="h{len(parts)}"'
        if draw(st.booleans()):
            attributes += ' title="a &lt; b &gt; c"' if draw(st.booleans()) else ' class="x"'
        if tag in ("br", "img"):
            parts.append(f"<{tag}{attributes}>")
            continue
        inner = draw(trees(depth + 1, excluded_tags | {tag} if excluded else excluded_tags))
        parts.append(f"<{tag}{attributes}>{inner}</{tag}>")
    return "".join(parts)


@given(trees())
def test_any_page_the_sanitizer_writes_is_indexed_the_same_without_its_excluded_parts(markup: str) -> None:
    page = page_html(markup)
    assert indexed(searchable(page)) == indexed(page)


def test_what_is_not_the_sanitizers_html_is_left_whole() -> None:
    for page in ('<p data-search-exclude="">a</p><!-- x --><p>b</p>',  # a comment
                 '<p data-search-exclude="">a</p><p title="<p>">b</p>',  # a tag inside an attribute's value
                 '<div data-search-exclude=""><p>a</p>',  # never closed
                 '<p data-search-exclude="">a</p><script>"<p>"</script>'):
        assert searchable(page) == page, page


def test_a_cut_between_two_runs_of_text_leaves_an_element_in_its_place() -> None:
    assert searchable('<p>a <span data-search-exclude="">x</span> b</p>') == f"<p>a {STAND_IN} b</p>"
    assert searchable('<p>a<span data-search-exclude="">x</span></p>') == "<p>a</p>"
    assert searchable('<h2 id="s" data-search-exclude="">Kept: it opens a section</h2>') == \
        '<h2 id="s" data-search-exclude="">Kept: it opens a section</h2>'


def test_another_plugin_reading_pages_sees_them_whole_and_the_index_does_not_change(tmp_path: Path) -> None:
    plain = build(copy_example(tmp_path / "plain"))
    root = copy_example(tmp_path / "hooked")
    (root / "hook.py").write_text(
        "import pathlib\n"
        "def on_page_context(context, page, config, nav):\n"
        "    if page.file.src_uri.endswith('.md') and 'data-claim=' in (page.content or ''):\n"
        "        with open(pathlib.Path(config.config_file_path).parent / 'seen.txt', 'a') as seen:\n"
        "            seen.write(page.content.replace('\\n', ' ') + '\\n')\n"
        "    return context\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hook.py\n", encoding="utf-8")
    hooked = build(root)
    assert read(hooked, "search/search_index.json") == read(plain, "search/search_index.json")
    seen = (root / "seen.txt").read_text(encoding="utf-8").splitlines()
    assert seen and all('class="fc-prevnext"' in page for page in seen if 'data-status="' in page), \
        "a plugin between the search plugin and ours reads the whole page"
    docs = json.loads(read(plain, "search/search_index.json"))["docs"]
    assert not any("Previous claim" in doc["text"] for doc in docs)
