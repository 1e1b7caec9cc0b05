"""The sign-in slips print three to an A4 page, each whole on one page (real Chromium, pypdf).

A trainer prints ``slips.pdf`` for a cohort of up to 80+ and cuts along the dashed lines:
eight people must fit on three pages, each page holding exactly its three people, and no
slip's lines may run onto the next page (the code, the menu to run a session and the last
sentence stay with the name).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from qiteach.hub import RUN_ALL_MENU, RUN_ALL_WAIT
from qiteach.hub.slips import PER_PAGE, SlipInfo, write_slips


def _infos(n: int) -> list[SlipInfo]:
    long_team = "North Locality Primary Care Network"
    people = [
        SlipInfo(
            f"Dr Longname-Hyphenated {i}", f"p{i:02d}", f"C{i:03d}-KXYZ", long_team, "participant"
        )
        for i in range(1, n)
    ]
    return [*people, SlipInfo("Rowan Ellery", "t01", "T001-KXYZ", "", "trainer")]


@pytest.mark.slow
def test_eight_slips_print_on_three_a4_pages_each_slip_whole(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    from qiteach.reports.pdf import which_chromium

    if which_chromium() is None:
        pytest.skip("no Chromium on this machine")
    infos = _infos(8)
    written = write_slips(
        tmp_path, infos, "SYNTHETIC DEMO - Shire Valley", "https://qi.example.nhs.uk/"
    )
    pdf = tmp_path / "slips.pdf"
    assert pdf in written
    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) == -(-len(infos) // PER_PAGE) == 3
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842), (width, height)  # A4 in points
    texts = [
        re.sub(r"\s+", " ", unicodedata.normalize("NFKC", p.extract_text() or ""))
        for p in reader.pages
    ]
    for i, info in enumerate(infos):
        page, others = texts[i // PER_PAGE], texts[: i // PER_PAGE] + texts[i // PER_PAGE + 1 :]
        for whole in (
            info.display_name,
            info.code,
            RUN_ALL_MENU,
            RUN_ALL_WAIT,
            "Ask your trainer for a new slip.",
        ):
            assert whole in page, (info.username, whole, page)
        assert not any(info.code in other for other in others), info.code
        assert page.count("Ask your trainer for a new slip.") == min(
            PER_PAGE, len(infos) - i // PER_PAGE * PER_PAGE
        )
