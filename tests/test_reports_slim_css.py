"""Printing with only the CSS a page can use: which rules stay, and the same pixels printed.

The rules (unit tests) are the ones :mod:`qiteach.reports.slim_css` documents; the printed
check renders a real team report, the programme report and the index page to A4 PDF with
Chromium twice (full style sheets, slimmed), rasterises every page with ``pdftoppm`` and
requires identical pixels.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from qiteach.reports.slim_css import page_classes, slim_styles


def _style(html: str) -> str:
    return html.split("<style>", 1)[1].split("</style>", 1)[0]


def _page(css: str, body: str) -> str:
    return f"<html><head><style>{css}</style></head><body>{body}</body></html>"


def test_a_rule_stays_only_if_the_page_has_all_its_classes() -> None:
    css = ".a .b { x: 1 } .a .z { x: 2 } .z, .b { x: 3 } p { x: 4 } .z:hover { x: 5 }"
    kept = _style(slim_styles(_page(css, '<div class="a"><p class="b">t</p></div>')))
    assert kept == ".a .b { x: 1 } .z, .b { x: 3 } p { x: 4 }"


def test_not_is_where_and_nested_brackets_are_judged_safely() -> None:
    css = (
        "p:not(.z) { x: 1 } .z:not(.a) { x: 2 } :is(.z, .q) p { x: 3 } "
        ":where(.z) { x: 4 } a:not(:has(.z)) { x: 5 } .a, p:not(.y, .z) { x: 6 }"
    )
    kept = _style(slim_styles(_page(css, '<p class="a">t</p>')))
    assert kept == (
        "p:not(.z) { x: 1 } :is(.z, .q) p { x: 3 } :where(.z) { x: 4 } "
        "a:not(:has(.z)) { x: 5 } .a, p:not(.y, .z) { x: 6 }"
    )


def test_media_blocks_are_slimmed_inside_and_other_at_rules_stay() -> None:
    css = (
        "@media print { .z { x: 1 } .a { x: 2 } } @keyframes spin { to { x: 3 } } "
        "@font-face { font-family: F; src: local(F) }"
    )
    kept = _style(slim_styles(_page(css, '<p class="a">t</p>')))
    assert kept == (
        "@media print {.a { x: 2 }} @keyframes spin { to { x: 3 } } "
        "@font-face { font-family: F; src: local(F) }"
    )


def test_custom_properties_stay_only_when_something_kept_reads_them() -> None:
    css = (
        ":root { --used: var(--chained); --chained: 1px; --icon: url(data:x); --inline: 2px;"
        " color: black } .a { margin: var(--used) } .z { padding: var(--icon) }"
    )
    page = _page(css, '<p class="a" style="border-width: var(--inline)">t</p>')
    kept = _style(slim_styles(page))
    assert kept == (
        ":root {color:black; --used:var(--chained); --chained:1px; --inline:2px;} "
        ".a { margin: var(--used) }"
    )


def test_the_rest_of_the_page_is_unchanged_and_a_page_without_styles_is_returned_as_is() -> None:
    body = '<p class="a">Hi <b>there</b></p><img src="data:image/png;base64,AAAA">'
    slimmed = slim_styles(_page(".z { x: 1 } .a { x: 2 }", body))
    assert slimmed == _page(".a { x: 2 }", body)
    assert slim_styles(body) == body
    assert page_classes(body) == {"a"}


@pytest.mark.slow
def test_printed_reports_have_the_same_pixels_with_slimmed_styles(tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    from PIL import Image, ImageChops

    from qiteach.cli import main
    from qiteach.reports.pdf import PdfPrinter, which_chromium

    if which_chromium() is None or shutil.which("pdftoppm") is None:
        pytest.skip("needs Chromium and pdftoppm (poppler-utils)")
    out = tmp_path / "reports"
    assert main(["report", "demo-programme", "--out", str(out), "--team", "south"]) == 0
    pages = sorted(out.glob("*.html"))
    assert [p.name for p in pages] == ["index.html", "programme.html", "team-south.html"]
    for slim in (False, True):
        with PdfPrinter(slim=slim) as printer:
            for page in pages:
                html = page.read_text(encoding="utf-8")
                if page.name != "index.html":  # JupyterLab's 240 KB of CSS mostly goes
                    assert len(slim_styles(html)) < len(html) - 200_000
                kind = "slim" if slim else "full"
                printer.print(html, tmp_path / f"{page.stem}-{kind}.pdf")
    for page in pages:
        shots = {}
        for kind in ("full", "slim"):
            prefix = tmp_path / f"{page.stem}-{kind}"
            subprocess.run(
                ["pdftoppm", "-r", "60", "-png", f"{prefix}.pdf", str(prefix)], check=True
            )
            shots[kind] = sorted(tmp_path.glob(f"{page.stem}-{kind}-*.png"))
        assert len(shots["full"]) == len(shots["slim"]) >= 1, page.name
        for full, slim in zip(shots["full"], shots["slim"], strict=True):
            a, b = Image.open(full).convert("RGB"), Image.open(slim).convert("RGB")
            assert ImageChops.difference(a, b).getbbox() is None, (page.name, full.name)
