"""Printable sign-in slips: one per person, with their user name and one-time code.

``slips/slips.html`` holds every slip, three to a printed A4 page with dashed lines to
cut along (and ``slips.pdf``, printed by headless Chromium); ``slips/slip-USER.html`` is
one person's slip, for a late joiner.
The folder is private to root: the codes are secrets until they are used.

>>> html = slip_html(SlipInfo("Dr A Hale", "p01", "ACDE-FGHJ", "North Locality",
...                           "participant"), "Demo <QI>", "http://127.0.0.1:8000/")
>>> "ACDE-FGHJ" in html, "Demo &lt;QI&gt;" in html
(True, True)
"""

from __future__ import annotations

import html
import subprocess
from dataclasses import dataclass
from pathlib import Path

from qiteach.fileio import write_text_atomic
from qiteach.hub import RUN_ALL_MENU, RUN_ALL_WAIT
from qiteach.hub.credentials import MIN_PASSWORD
from qiteach.reports.pdf import LAUNCH_ARGS, which_chromium

__all__ = ["PER_PAGE", "SlipInfo", "print_pdf", "slip_html", "slips_page", "write_slips"]

#: Slips per printed A4 page; each is a third of the page, cut along the dashed lines.
PER_PAGE = 3

_CSS = """
@page { size: A4; margin: 0; }
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; }
.sheet { height: 297mm; break-after: page; overflow: hidden; }
.sheet:last-child { break-after: auto; }
.slip { box-sizing: border-box; height: 99mm; padding: 7mm 20mm 0 20mm; overflow: hidden;
        border-bottom: 1px dashed #888; }
.slip:last-child { border-bottom: none; }
h1 { font-size: 17pt; margin: 0 0 .1em 0; }
.programme { color: #444; font-size: 10.5pt; margin: 0 0 .5em 0; }
table { border-collapse: collapse; font-size: 12.5pt; margin: 0 0 .4em 0; }
td { padding: .15em .6em; border: 1px solid #999; }
td.value { font-family: "DejaVu Sans Mono", monospace; font-size: 15pt; letter-spacing: .08em; }
ol { font-size: 11pt; line-height: 1.3; margin: 0; padding-left: 1.4em; }
.note { font-size: 9pt; color: #444; margin: .4em 0 0 0; }
"""


@dataclass(frozen=True)
class SlipInfo:
    """What one slip says."""

    display_name: str
    username: str
    code: str
    team: str  # the team's name, or "" for a trainer
    kind: str


def slip_html(info: SlipInfo, programme: str, url: str) -> str:
    """One slip (a ``<section>``), every value escaped."""
    e = html.escape
    team = f"<tr><td>Team</td><td>{e(info.team)}</td></tr>" if info.team else ""
    role = "Trainer account" if info.kind == "trainer" else "Participant account"
    return f"""<section class="slip">
<h1>{e(info.display_name)}</h1>
<p class="programme">{e(programme)} &middot; {role}</p>
<table>
<tr><td>Address</td><td class="value">{e(url)}</td></tr>
<tr><td>User name</td><td class="value">{e(info.username)}</td></tr>
<tr><td>Sign-in code</td><td class="value">{e(info.code)}</td></tr>
{team}
</table>
<ol>
<li>Open the address in your web browser (Edge, Chrome or Firefox).</li>
<li>Under <b>First time here?</b> type your user name and the sign-in code above.</li>
<li>Choose your own password (at least {MIN_PASSWORD} characters) and type it twice.</li>
<li>Double-click today's session in the list on the left, choose <b>{e(RUN_ALL_MENU)}</b>
in the menu at the top and {e(RUN_ALL_WAIT)}, then type in the boxes and click the buttons
(no code to write).</li>
<li>Next time, sign in with your user name and your password.</li>
</ol>
<p class="note">The code works once. Keep this slip private until you have signed in;
afterwards it is no use to anyone. Forgotten your password? Ask your trainer for a new slip.</p>
</section>"""


def slips_page(slips: list[str], title: str) -> str:
    """A whole HTML page of slips, :data:`PER_PAGE` to a printed page; no external resources.

    >>> page = slips_page(["<section class=\\"slip\\">1</section>"] * 4, "Demo")
    >>> page.count('<div class="sheet">'), page.count('class="slip"')
    (2, 4)
    """
    sheets = [
        '<div class="sheet">\n' + "\n".join(slips[i : i + PER_PAGE]) + "\n</div>"
        for i in range(0, len(slips), PER_PAGE)
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>\n<body>\n"
        + "\n".join(sheets)
        + "\n</body></html>\n"
    )


def print_pdf(page: Path, pdf: Path) -> bool:
    """Print ``page`` to ``pdf`` with headless Chromium; False if no Chromium is installed."""
    chromium = which_chromium()
    if chromium is None:
        return False
    subprocess.run(
        [
            chromium,
            "--headless",
            *LAUNCH_ARGS,
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return pdf.is_file() and pdf.stat().st_size > 0


def write_slips(
    folder: Path, infos: list[SlipInfo], programme: str, url: str, *, pdf: bool = True
) -> list[Path]:
    """Write every slip (``slips.html``, ``slip-USER.html``) and ``slips.pdf``; return paths."""
    written = []
    for info in infos:
        path = folder / f"slip-{info.username}.html"
        write_text_atomic(path, slips_page([slip_html(info, programme, url)], info.display_name))
        written.append(path)
    if len(infos) > 1 or not written:
        page = folder / "slips.html"
        every = [slip_html(i, programme, url) for i in infos]
        write_text_atomic(page, slips_page(every, programme))
        written.append(page)
    else:
        page = written[0]
    if pdf:
        target = page.with_suffix(".pdf")
        if print_pdf(page, target):
            written.append(target)
    return written
