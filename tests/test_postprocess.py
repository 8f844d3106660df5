"""Finishing touches on written pages: Material's markup made valid, scripts that do not block the first paint, no blank lines."""

from __future__ import annotations

from generator.postprocess import compact, deferred_scripts, valid_theme_markup

THEME = """\
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
<div class="md-search" data-md-component="search" role="dialog">
<div class="md-search__scrollwrap" tabindex="0" data-md-scrollfix>
<input type="text" class="md-search__input" name="query" aria-label="Пошук" placeholder="Пошук" autocomplete="off">
<label class="md-nav__link" for="__nav_6" id="__nav_6_label" tabindex="">
"""


def test_material_markup_loses_its_invalid_attributes_and_its_search_dialog_gets_the_search_boxs_name() -> None:
    fixed = valid_theme_markup(THEME)
    assert 'type="checkbox" id="__drawer">' in fixed
    assert 'role="dialog" aria-label="Пошук">' in fixed
    assert 'tabindex="0" role="region" aria-label="Пошук" data-md-scrollfix>' in fixed
    assert 'placeholder="Пошук" autocomplete="off">' in fixed, "a text input keeps autocomplete"
    assert 'id="__nav_6_label">' in fixed
    assert valid_theme_markup(fixed) == fixed


def test_the_worker_shim_and_the_bundle_that_needs_it_are_deferred_in_order() -> None:
    page = ('<head><script src="../assets/javascripts/iframe-worker-shim.js"></script></head><body>'
            '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
            '<script src="https://example.org/other.js"></script></body>')
    deferred = deferred_scripts(page)
    assert '<script src="../assets/javascripts/iframe-worker-shim.js" defer></script>' in deferred
    assert '<script src="../assets/javascripts/bundle.a5f9d56c.min.js" defer></script>' in deferred
    assert '<script src="https://example.org/other.js"></script>' in deferred
    assert deferred_scripts(deferred) == deferred


def test_blank_and_indented_lines_go_but_text_whose_spaces_show_is_kept() -> None:
    page = ("<nav>\n    \n      <a>Home</a>\n\n    </nav>\n<pre><code>x = 1\n\n    y = 2\n</code></pre>\n  \n"
            "<p>A <code>two\n    lines</code> and\n     text</p>\n<script>\n  var a = 1\n  \n</script>\n")
    assert compact(page) == ("<nav>\n<a>Home</a>\n</nav>\n<pre><code>x = 1\n\n    y = 2\n</code></pre>\n"
                             "<p>A <code>two\n    lines</code> and\ntext</p>\n<script>\n  var a = 1\n  \n</script>\n")
    assert compact(compact(page)) == compact(page)
