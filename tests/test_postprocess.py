"""Finishing touches on written pages: Material's markup made valid, and nothing of ours blocks the first paint."""

from __future__ import annotations

from generator.postprocess import (compact, deferred_scripts, first_paint_css, stylesheet_not_blocking,
                                  valid_theme_markup)
from generator.render import asset_text

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


STYLESHEET = """\
:root { --fc-tone-0-bg: #fde2e1; }
/* A comment the page does not need. */
.fc-sr { position: absolute; clip: rect(0 0 0 0); }
.md-typeset :target, a:hover > .fc-badge { color: red; }
/* ==== Below this line: later. */
.fc-checklist { columns: 2 18rem; }
@media print { .md-header { display: none !important; } }
"""


def test_the_first_screens_css_is_the_stylesheet_above_its_split_comment_minified() -> None:
    css = first_paint_css(STYLESHEET)
    assert css == (":root{--fc-tone-0-bg:#fde2e1}.fc-sr{position:absolute;clip:rect(0 0 0 0)}"
                   ".md-typeset :target,a:hover>.fc-badge{color:red}")
    assert first_paint_css(asset_text("factcheck.css")).count("{") > 50, "the shipped stylesheet has the comment"
    assert "fc-checklist" not in first_paint_css(asset_text("factcheck.css"))


def test_our_stylesheet_no_longer_blocks_the_first_paint_and_still_loads_without_javascript() -> None:
    page = ('<head><link rel="stylesheet" href="../assets/stylesheets/main.css">'
            '<link rel="stylesheet" href="../assets/factcheck.css"></head>')
    done = stylesheet_not_blocking(page, ".fc-sr{clip:rect(0 0 0 0)}")
    assert done == ('<head><link rel="stylesheet" href="../assets/stylesheets/main.css">'
                    "<style>.fc-sr{clip:rect(0 0 0 0)}</style>\n"
                    '<link rel="stylesheet" href="../assets/factcheck.css" media="print" onload="this.media=\'all\'">'
                    '<noscript><link rel="stylesheet" href="../assets/factcheck.css"></noscript></head>')
    assert stylesheet_not_blocking(done, ".fc-sr{clip:rect(0 0 0 0)}") == done


def test_blank_and_indented_lines_go_but_text_whose_spaces_show_is_kept() -> None:
    page = ("<nav>\n    \n      <a>Home</a>\n\n    </nav>\n<pre><code>x = 1\n\n    y = 2\n</code></pre>\n  \n"
            "<p>A <code>two\n    lines</code> and\n     text</p>\n<script>\n  var a = 1\n  \n</script>\n")
    assert compact(page) == ("<nav>\n<a>Home</a>\n</nav>\n<pre><code>x = 1\n\n    y = 2\n</code></pre>\n"
                             "<p>A <code>two\n    lines</code> and\ntext</p>\n<script>\n  var a = 1\n  \n</script>\n")
    assert compact(compact(page)) == compact(page)
