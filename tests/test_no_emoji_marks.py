"""No emoji in what participants, trainers and evaluators read (issue 13).

Found/missing and right/wrong were shown with ✅/❌ (and 🔎 ✏️ 💡), which render as
empty boxes where no emoji font is installed, as in Debian's Chromium. Words or
drawn marks are used instead; this scans the package and the notebooks.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: emoji and pictographs (incl. ✅ ❌ ✏ and the variation selector that turns a symbol into one)
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2b55\ufe0f]")


def test_no_emoji_in_the_package_or_the_notebooks() -> None:
    files = [
        p
        for folder in ("qiteach", "notebooks")
        for p in (ROOT / folder).rglob("*")
        if p.suffix in {".py", ".ipynb", ".html", ".css", ".md", ".j2"}
        and ".ipynb_checkpoints" not in p.parts
    ]
    assert len(files) > 50
    found = [
        f"{p.relative_to(ROOT)}:{i}: {line.strip()[:80]}"
        for p in files
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if EMOJI.search(line)
    ]
    assert found == []


def test_feedback_and_aim_table_say_it_in_words() -> None:
    from qiteach.aims import check_aim
    from qiteach.exercises import Feedback

    assert Feedback(True, "ok")._repr_markdown_().startswith("*Correct:*")
    assert Feedback(False, "no", hints=("try",))._repr_markdown_().endswith("> *Hint:* try")
    table = check_aim("Reduce DNAs to 5%")._repr_markdown_()
    assert "| How much | yes |" in table and "| By when | missing |" in table
