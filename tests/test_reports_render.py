"""render_html: the alt text of a figure is one escaped attribute, whatever it holds."""

from __future__ import annotations

from html.parser import HTMLParser

import nbformat
import pytest

from qiteach.reports.render import render_html

PNG = (  # a 1 x 1 pixel PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def _page_images(alt: str | None) -> list[dict[str, str | None]]:
    metadata = {"image/png": {"alt": alt}} if alt is not None else {}
    out = nbformat.v4.new_output(
        "display_data", data={"image/png": PNG, "text/plain": "<Figure>"}, metadata=metadata
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("fig", outputs=[out])])
    parser = _Images()
    parser.feed(render_html(nb, title="Alt"))
    return parser.images


@pytest.mark.parametrize(
    "alt",
    [
        'a" onerror="alert(1)',
        "a' onerror='alert(1)",
        '"><script>alert(1)</script>',
        "Rate < 5 & falling > target",
    ],
)
def test_alt_text_cannot_add_attributes_or_tags(alt):
    (img,) = _page_images(alt)
    assert set(img) == {"src", "alt"}
    assert img["alt"] == alt  # shown verbatim, decoded by the browser
    assert img["src"].startswith("data:image/png;base64,")


def test_missing_alt_text_gets_a_generic_description():
    (img,) = _page_images(None)
    assert img["alt"] == "Figure (no description given)"
