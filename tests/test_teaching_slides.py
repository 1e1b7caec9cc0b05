"""``qiteach notebooks slides``: the cell -> slide rules, the offline page, and one real deck
opened in headless Chromium (reveal.js from build/slides-npm, installed by `make slides-npm`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from qiteach.cli import main
from qiteach.exceptions import NotebookError
from qiteach.teaching.reveal_assets import PREFIX, copy_reveal, find_reveal
from qiteach.teaching.slides import (
    FORM_NOTE,
    WIDGET_MIME,
    deck_html,
    prepare_deck,
    slide_types,
    tag_answer_cells,
)

ROOT = Path(__file__).resolve().parents[1]
V4 = nbformat.v4


def _md(source: str, *tags: str) -> nbformat.NotebookNode:
    return V4.new_markdown_cell(source, metadata={"tags": list(tags)} if tags else {})


def _code(source: str, *outputs: dict, tags: tuple[str, ...] = ()) -> nbformat.NotebookNode:
    cell = V4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    return cell


def _png() -> dict:
    return V4.new_output("display_data", {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})


def _widget() -> dict:
    return V4.new_output("display_data", {WIDGET_MIME: {"model_id": "a1"}, "text/plain": "VBox()"})


def _stream(text: str) -> dict:
    return V4.new_output("stream", name="stdout", text=text)


def _session() -> nbformat.NotebookNode:
    """A small executed session; the comment on each cell is its hand-checked slide type."""
    explicit = _md("Kept as the author said", "trainer")
    explicit.metadata["slideshow"] = {"slide_type": "slide"}
    return V4.new_notebook(
        cells=[
            _md("# Session 9 · Testing\nWho it is for: everyone."),  # slide
            _md("**Trainer notes.** Allow ten minutes for introductions.", "trainer"),  # notes
            _code('team: str = "north"', tags=("parameters",)),  # skip (parameters)
            _code('team = "west"', tags=("injected-parameters",)),  # skip (papermill's)
            _code("import qiteach"),  # skip (no output)
            _md("## 1. Run charts\nA run chart plots a measure over time."),  # slide (2 lines)
            _code("plot()", _png()),  # - (2 + 12 = 14 lines fit)
            _code("plot_again()", _png()),  # subslide (14 + 12 > 18)
            _md("### Exercise 1\nFind the median."),  # - ("### " is not a slide heading)
            _code("answer_form()", _widget(), _widget()),  # - (one FORM_NOTE line)
            _code("check(my_median)", _stream("Correct: 12"), tags=("solution",)),  # fragment
            _md("**Model answer.** 12.", "solution"),  # fragment
            _md("Now try your own data."),  # subslide (after a fragment)
            _md("#hashtag is not a heading"),  # - (no space after #)
            explicit,  # slide (explicit metadata beats the trainer tag)
        ]
    )


HAND_CHECKED = [
    "slide",
    "notes",
    "skip",
    "skip",
    "skip",
    "slide",
    "-",
    "subslide",
    "-",
    "-",
    "fragment",
    "fragment",
    "subslide",
    "-",
    "slide",
]


def test_slide_types_follow_the_rules() -> None:
    assert slide_types(prepare_deck(_session())) == HAND_CHECKED


def test_a_cell_that_would_overflow_the_slide_starts_a_subslide() -> None:
    # 1 + 15 (1,000 characters at 70 a line) = 16 lines fit; 3 more do not; then a fresh page
    cells = [_md("## A"), _md("word " * 200), _md("a\nb\nc"), _md("short")]
    assert slide_types(V4.new_notebook(cells=cells)) == ["slide", "-", "subslide", "-"]


def test_prepare_deck_sets_metadata_replaces_widgets_and_leaves_the_input_alone() -> None:
    nb = _session()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    before = nbformat.writes(nb)
    deck = prepare_deck(nb)
    assert nbformat.writes(nb) == before
    assert [c.metadata.slideshow.slide_type for c in deck.cells] == HAND_CHECKED
    form = deck.cells[9].outputs
    assert [o.data["text/markdown"] for o in form] == [FORM_NOTE]
    assert not any(
        WIDGET_MIME in o.get("data", {}) for c in deck.cells for o in c.get("outputs", [])
    )
    assert "widgets" not in deck.metadata


def test_code_cells_holding_an_answer_are_tagged_solution() -> None:
    master = V4.new_notebook(
        cells=[
            _code("x = 1"),
            _code(
                "### BEGIN SOLUTION\nx = 2\n### END SOLUTION\n### PARTICIPANT: x = None\ncheck(x)"
            ),
        ]
    )
    tagged = tag_answer_cells(master)
    assert [c.metadata.get("tags", []) for c in tagged.cells] == [[], ["solution"]]
    assert master.cells[1].metadata.get("tags") is None


class _Links(HTMLParser):
    """Every src and href in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.urls


def _remote(urls: list[str]) -> list[str]:
    return [u for u in urls if re.match(r"\s*(https?:)?//", u, flags=re.IGNORECASE)]


def test_deck_html_is_offline_with_notes_fragments_and_no_code() -> None:
    html = deck_html(prepare_deck(_session()), reveal_prefix=PREFIX)
    urls = _links(html)
    assert _remote(urls) == []
    assert f"{PREFIX}/dist/reveal.js" in urls and f"{PREFIX}/plugin/notes/notes.js" in urls
    assert f"{PREFIX}/dist/theme/white.css" in urls
    notes = re.findall(r'<aside class="notes">(.*?)</aside>', html, flags=re.DOTALL)
    assert any("Allow ten minutes for introductions." in n for n in notes)
    assert re.search(r'class="fragment"[^>]*>.*?Model answer', html, flags=re.DOTALL)
    assert "import qiteach" not in html and "answer_form()" not in html  # inputs hidden
    assert FORM_NOTE.strip("*") in html
    assert "mathjax" not in html.lower() and "require.js" not in html


def test_missing_reveal_is_one_line_naming_the_make_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(NotebookError, match="make slides-npm"):
        find_reveal(tmp_path)
    out = str(tmp_path / "out")
    empty = str(tmp_path / "nothing-here")
    assert main(["notebooks", "slides", "--session", "1", "--out", out, "--reveal", empty]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "reveal.js is not installed" in err and "make slides-npm" in err
    assert not (tmp_path / "out").exists()


def test_unknown_session_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["notebooks", "slides", "--session", "99", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--session 99" in err and "have: 1, 2" in err


def test_copy_reveal_copies_dist_and_notes_and_replaces_an_old_copy(tmp_path: Path) -> None:
    package = tmp_path / "npm" / "node_modules" / "reveal.js"
    for part in ("dist/reveal.js", "dist/reveal.css", "plugin/notes/notes.js", "demo.html"):
        (package / part).parent.mkdir(parents=True, exist_ok=True)
        (package / part).write_text(f"/* {part} */")
    assert find_reveal(tmp_path / "npm") == package
    out = tmp_path / "decks"
    (out / PREFIX / "stale").mkdir(parents=True)
    target = copy_reveal(package, out)
    files = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert files == ["dist/reveal.css", "dist/reveal.js", "plugin/notes/notes.js"]
    assert sorted(p.name for p in out.iterdir()) == [PREFIX]  # no staging folders left


# --- one real deck in a real browser -------------------------------------------------------

SESSION = "02-understanding-the-system"
SCREENSHOT = ROOT / "build" / "slides-session02.png"
WAIT_MS = 120_000  # the machine is shared: generous limits, polled


def _trainer_phrases() -> list[str]:
    """The first words of each trainer cell of the master, as a reader sees them."""
    master = nbformat.read(ROOT / "notebooks" / "sessions" / f"{SESSION}.ipynb", as_version=4)
    texts = [c.source for c in master.cells if "trainer" in c.metadata.get("tags", [])]
    assert texts, "session 2 has trainer notes"
    return [" ".join(re.sub(r"[*_`]", "", t).split())[:60] for t in texts]


@pytest.mark.slow
def test_session_deck_runs_offline_in_chromium(tmp_path: Path) -> None:
    from tests.browser.pages import Audit, browser, watch

    out = tmp_path / "slides"
    assert main(["notebooks", "slides", "--session", "2", "8", "--out", str(out)]) == 0
    deck = out / f"{SESSION}.slides.html"
    assert _remote(_links(deck.read_text(encoding="utf-8"))) == []
    found = Audit(url=deck.as_uri())
    with browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 800})
        watch(page, found, allow=("file:", "data:"))
        page.goto(deck.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=WAIT_MS)
        assert page.evaluate("Reveal.getIndices().h") == 0
        page.screenshot(path=str(SCREENSHOT))
        page.keyboard.press("ArrowRight")
        page.wait_for_function("Reveal.getIndices().h === 1", timeout=WAIT_MS)

        chart = page.evaluate(
            """() => {
                const img = [...document.querySelectorAll('img')]
                    .find(i => i.src.startsWith('data:image/png'));
                if (!img) return null;
                const section = img.closest('section');
                const at = Reveal.getIndices(section);
                Reveal.slide(at.h, at.v || 0);
                return at;
            }"""
        )
        assert chart is not None, "no slide holds a chart image"
        page.wait_for_function(
            """() => { const img = Reveal.getCurrentSlide().querySelector(
                         'img[src^="data:image/png"]');
                       if (!img || !img.complete || img.naturalWidth === 0) return false;
                       const box = img.getBoundingClientRect();  // still while it slides in?
                       const still = window.__left === box.left;
                       window.__left = box.left;
                       return still && box.left >= 0 && box.right <= window.innerWidth; }""",
            timeout=WAIT_MS,
            polling=250,
        )
        page.screenshot(path=str(SCREENSHOT.with_name("slides-session02-chart.png")))

        notes = " ".join(page.locator("aside.notes").all_inner_texts())
        notes = " ".join(notes.split())
        for phrase in _trainer_phrases():
            assert phrase in notes, phrase
        first_notes = page.evaluate("Reveal.getSlideNotes(Reveal.getSlides()[0]) || ''")
        assert "Trainer notes" in first_notes
        assert _clipped_charts(page) == []

        # session 8 holds the tallest chart (the sustainability model's ten factors)
        tall = out / "08-sustain-spread-share.slides.html"
        watch(page, found, allow=("file:", "data:"))
        page.goto(tall.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=WAIT_MS)
        assert _clipped_charts(page) == []
    assert found.outside == []


def _clipped_charts(page) -> list[str]:
    """Slides whose chart image is cut off by the slide's edge, with every fragment shown.

    Each slide is shown in turn (no transition, so its box is final) and each chart image's
    box is compared with the box of the slide that clips it and with the window.
    """
    return page.evaluate(
        """() => {
            Reveal.configure({transition: 'none', fragments: true});
            const cut = [];
            Reveal.getSlides().forEach((slide) => {
                const at = Reveal.getIndices(slide);
                Reveal.slide(at.h, at.v || 0, 999);  // every fragment shown
                slide.querySelectorAll('img[src^="data:image/png"]').forEach((img) => {
                    const box = img.getBoundingClientRect(), room = slide.getBoundingClientRect();
                    const bottom = Math.min(room.bottom, window.innerHeight);
                    if (box.bottom > bottom + 1 || box.right > window.innerWidth + 1) {
                        const where = `slide ${at.h}.${at.v || 0}`;
                        cut.push(`${where}: image bottom ${Math.round(box.bottom)}`
                                 + ` > ${Math.round(bottom)}`);
                    }
                });
            });
            return cut;
        }"""
    )
