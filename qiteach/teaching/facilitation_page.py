"""One facilitation plan as a self-contained A4 HTML page (printed by ``qiteach notebooks plan``).

The page holds the day's timetable (every block with its start and end, the
notebook's parts indented under their block, and how each is run), the
session's objectives as the master states them, the room and materials, and
the action-period tasks. Styles are inline and nothing is loaded from
anywhere, so the page prints offline.

>>> from qiteach.teaching.facilitation import Master, Part, load_plan, schedule
>>> master = Master(9, "09-test", "Session 9 · Testing", ("test <small>",),
...                 (Part("Theory", 60), Part("Exercise", 60)), 120)
>>> blocks = [{"title": "Welcome", "minutes": 30, "mode": "whole-room", "how": "Hello."},
...           {"notebook": "all", "modes": ["projector", "hands-on"], "how": "Run it."},
...           {"title": "Team time", "minutes": 50, "mode": "group", "how": "Teams."}]
>>> import yaml
>>> text = yaml.safe_dump({"session": 9, "blocks": blocks, "room": ["Tables"],
...     "materials": ["Laptops"], "action_tasks": ["Test"], "bring_data": ["Counts"]})
>>> page = plan_html(schedule(load_plan(text, master, name="09.yaml"), "13:00"))
>>> "<title>Session 9 · Testing: facilitation plan</title>" in page, "test &lt;small&gt;" in page
(True, True)
>>> "15:30–16:20" in page and "http" not in page
True
"""

from __future__ import annotations

from html import escape

from qiteach.teaching.facilitation import MODES, Day, Slot

__all__ = ["PAGE_CSS", "plan_html"]

#: Printed A4 look: compact, black on white, mode chips in colours that survive greyscale.
PAGE_CSS = """
@page { size: A4; }
body { font-family: Arial, "Liberation Sans", sans-serif; font-size: 9.5pt; color: #1a1a1a;
  margin: 0; line-height: 1.3; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 11pt; margin: 4mm 0 1.5mm; border-bottom: 0.6pt solid #888; }
p.sub { margin: 0 0 2mm; color: #444; }
ul { margin: 0; padding-left: 5mm; }
li { margin: 0.4mm 0; }
table.plan { width: 100%; border-collapse: collapse; }
table.plan th { text-align: left; font-size: 8.5pt; background: #e8e8e8; padding: 1mm 1.5mm; }
table.plan td { padding: 1mm 1.5mm; vertical-align: top; border-top: 0.4pt solid #bbb; }
tr.block td { font-weight: 700; }
tr.block td.how { font-weight: 400; }
tr.part td { border-top: 0.3pt dotted #ccc; font-size: 8.8pt; color: #333; }
tr.part td.title { padding-left: 6mm; }
tr.notebook td { background: #f3f6fb; }
tr.break td { background: #f6f6f6; }
td.time { white-space: nowrap; width: 18mm; }
td.min { text-align: right; width: 9mm; white-space: nowrap; }
td.mode { width: 22mm; }
span.mode { display: inline-block; border: 0.6pt solid #555; border-radius: 2mm;
  padding: 0 1.5mm; font-size: 7.8pt; font-weight: 400; white-space: nowrap; }
span.m-projector { background: #dbe8f7; } span.m-hands-on { background: #dff2df; }
span.m-group { background: #fbe9cf; } span.m-whole-room { background: #ece1f3; }
span.m-break { background: #eeeeee; } span.m-notebook { background: #ffffff; }
.cols { display: flex; gap: 6mm; }
.cols > div { flex: 1; }
p.legend { font-size: 8pt; color: #444; margin: 1.5mm 0 0; }
tr, li { break-inside: avoid; }
"""


def _chip(mode: str) -> str:
    label = "Notebook" if mode == "notebook" else MODES[mode][0]
    return f'<span class="mode m-{escape(mode)}">{escape(label)}</span>'


def _row(slot: Slot) -> str:
    if slot.is_part:
        kind = "part"
    else:
        kind = "block " + ("notebook" if slot.mode == "notebook" else slot.mode)
    how = "" if slot.is_part else escape(slot.how)
    return (
        f'<tr class="{kind}"><td class="time">{slot.start}–{slot.end}</td>'
        f'<td class="title">{escape(slot.title)}</td><td class="min">{slot.minutes}</td>'
        f'<td class="mode">{_chip(slot.mode)}</td><td class="how">{how}</td></tr>'
    )


def _list(items: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def plan_html(day: Day) -> str:
    """The whole page for one session's day."""
    plan = day.plan
    master = plan.master
    title = f"{master.title}: facilitation plan"
    legend = "; ".join(f"<b>{escape(label)}</b>: {escape(text)}" for label, text in MODES.values())
    rows = "".join(_row(s) for s in day.slots)
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{PAGE_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f'<p class="sub">{day.start}–{day.end} · {day.minutes} min in all, of which the notebook '
        f"{master.total} min ({escape(master.name)}.ipynb) · teams of 3-6 on their own project</p>"
        "<h2>By the end of the session participants can</h2>"
        f"{_list(master.objectives)}"
        "<h2>The day</h2>"
        '<table class="plan"><thead><tr><th>Time</th><th>Block</th><th>Min</th><th>Run as</th>'
        f"<th>How the trainer runs it</th></tr></thead><tbody>{rows}</tbody></table>"
        f'<p class="legend">{legend}.</p>'
        '<div class="cols"><div><h2>Room</h2>'
        f"{_list(plan.room)}<h2>Materials</h2>{_list(plan.materials)}</div>"
        f"<div><h2>Action period: before the next session</h2>{_list(plan.tasks)}"
        f"<h2>Data to bring</h2>{_list(plan.bring)}</div></div>"
        "</body></html>"
    )
