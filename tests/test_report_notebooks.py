"""The team and programme report notebooks, run with papermill through the report runner.

Three runs of ``notebooks/reports`` on copies of the shipped demo programme:

* the full demo (every team);
* mid-programme: the workspace cut at 15 February 2026 (two sessions held, no
  post survey, few points after the start, a cycle still running);
* hostile free text (``<script>``, ``javascript:`` links, spreadsheet formulas,
  RTL text, emoji, a very long word) in the team's narrative, names and comments.

Assertions are on content: headings, one chart with alt text per measure,
numbers equal to what :mod:`qiteach.evaluation` computes, escaping, no code, no
stderr and no network resources. The section helpers' small pure functions are
tested first (fast); figure saving is tested in ``test_reports_png.py``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import matplotlib
import nbformat
import pandas as pd
import pytest

from qiteach.reports import sections as S

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo-programme"
TEAMS = ("north", "west", "south")
CUTOFF = pd.Timestamp("2026-02-15")
TEAM_HEADINGS = (
    "Team and roles",
    "Attendance at learning sessions",
    "Aim",
    "Driver diagram and change ideas tested",
    "Family of measures",
    "Measures over time",
    "PDSA cycles",
    "Progress score",
    "Balancing measures",
    "Learning: confidence and session feedback",
    "In the team's own words",
)
PROGRAMME_HEADINGS = (
    "Key figures",
    "Participants by role",
    "Attendance by session and role",
    "Progress scores over time",
    "Improvement signals on outcome measures",
    "PDSA activity",
    "Confidence and knowledge before and after",
    "Measured learning: the self-checks",
    "Collaborative-wide measures before and after the programme started",
    "Every team's outcome measure, grouped by measure",
    "Kirkpatrick levels 1 to 4",
)
HOSTILE = {
    "script": "<script>alert('owned')</script>",
    "link": '[click me](javascript:alert(1)) <a href="javascript:alert(2)">x</a>',
    "formula": '=HYPERLINK("http://evil.example/x","Open")',
    "rtl": "تحسين الجودة 🙂 שלום",
    "long": "W" * 3000,
    "img": '<img src=x onerror="alert(3)">',
}


# -- fast: the helpers ----------------------------------------------------------------------
def test_html_table_escapes_every_cell_and_hides_the_index():
    df = pd.DataFrame({"<b>col</b>": [HOSTILE["script"], 3.25]}, index=["idx-a", "idx-b"])
    out = S.html_table(df)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "&lt;b&gt;col&lt;/b&gt;" in out
    assert "idx-a" not in out
    assert '<td class="num">3.2</td>' in out or '<td class="num">3.3</td>' in out


def test_long_tables_fold_into_details():
    out = S.html_table(pd.DataFrame({"n": range(20)}), collapse=15)
    assert out.startswith('<details class="qi-more"><summary>Show all 20 rows</summary>')
    assert "<details" not in S.html_table(pd.DataFrame({"n": range(5)}), collapse=15)


def test_plain_alt_cannot_break_out_of_the_attribute():
    alt = S.plain_alt('x" onerror="alert(1) <b>')
    assert '"' not in alt and "<" not in alt and ">" not in alt


def test_banner_only_for_synthetic_programmes():
    assert "SYNTHETIC DATA" in S.banner({"synthetic": True})
    assert "SYNTHETIC DATA" not in S.banner({"synthetic": False})
    assert "SYNTHETIC DATA" not in S.banner({})


def test_sections_of_a_team_match_the_evaluation(tmp_path):
    import qiteach
    from qiteach.evaluation import team_aim, team_readings

    programme = qiteach.open_workspace(DEMO)
    team = programme.team("west")
    sections = list(S.measure_sections(team, "anhoej"))
    readings = team_readings(programme, "west", rules="anhoej")
    assert [s.verdict for s in sections] == [r.verdict for r in readings]
    assert [s.headline for s in sections] == [r.headline for r in readings]
    assert all(s.figure is not None and s.alt.startswith(s.name) for s in sections)
    html_text, aim = S.aim_html(team, "anhoej")
    assert aim == team_aim(programme, "west", rules="anhoej")
    assert html.escape(aim.sentence) in html_text
    import matplotlib.pyplot as plt

    plt.close("all")


def _count_charts(monkeypatch) -> list[str]:
    import qiteach.charts

    calls: list[str] = []
    real = qiteach.charts.compute_chart

    def counting(**kwargs):
        calls.append(kwargs["chart"])
        return real(**kwargs)

    monkeypatch.setattr(qiteach.charts, "compute_chart", counting)
    return calls


def test_team_sections_compute_each_chart_once(monkeypatch):
    import matplotlib.pyplot as plt

    import qiteach

    calls = _count_charts(monkeypatch)
    team = qiteach.open_workspace(DEMO).team("north")
    S.aim_html(team, "anhoej")  # charts the first outcome measure
    sections = list(S.measure_sections(team, "anhoej"))
    assert len(sections) == len(team.measure_ids)
    assert len(calls) == len(team.measure_ids)  # the aim's chart was reused
    plt.close("all")


def test_programme_sections_share_each_teams_charts(monkeypatch):
    import matplotlib.pyplot as plt

    import qiteach

    calls = _count_charts(monkeypatch)
    programme = qiteach.open_workspace(DEMO)
    key = S.key_figures(programme, "anhoej")
    _, table = S.kirkpatrick_html(programme, "anhoej")
    items = S.small_multiples(programme, "anhoej")
    outcome = programme.measures[programme.measures["type"] == "outcome"]
    assert len(calls) == len(outcome) == len(key.signals)
    assert items[0][1] is not None and not table.empty
    alt = " ".join(a for _, _, a in items)
    # the alt text says what each small chart shows, not "see the table above"
    assert "table of improvement signals above" not in alt
    main = key.signals.drop_duplicates("team_id").set_index("team_id")
    for team, name in zip(programme.teams["team_id"], programme.teams["team_name"], strict=True):
        assert f"{name}: {main.loc[team, 'verdict']}" in alt
    plt.close("all")


def test_measure_panels_share_one_scale_and_colour_signals_by_meaning():
    import matplotlib.pyplot as plt
    import numpy as np

    import qiteach
    from qiteach.evaluation import measure_chart
    from qiteach.plot.multiples import plot_measure_panels
    from qiteach.plot.style import PALETTE

    programme = qiteach.open_workspace(DEMO)
    charts = [(t, measure_chart(programme, t, "dna_rate", rules="anhoej")) for t in ["north"]]
    panels = [(t, "improvement", r) for t, r in charts] + [("empty", "not enough data", None)]
    fig = plot_measure_panels(panels, direction="decrease", title="DNA rate")
    (ax,) = fig.axes
    texts = [t.get_text() for t in ax.texts]
    assert texts[:4] == ["north", "improvement", "empty", "not enough data"]
    assert fig.texts[0].get_text().startswith("DNA rate: every panel on one scale")
    data = ax.collections[-1]  # data lines are drawn last
    assert len(data.get_segments()) == 1
    res = charts[0][1]
    down = {i for s in res.signal_spans if s.direction == "down"
            for i in range(int(s.start), int(s.end) + 1)}  # fmt: skip
    dots = [line for line in ax.lines if line.get_linestyle() == "None"]
    assert dots and dots[0].get_color() == PALETTE["blue"]  # down is the wanted way
    assert len(dots[0].get_xdata()) >= len([i for i in down if np.isfinite(res.points["y"][i])])
    plt.close(fig)


# -- workspaces -----------------------------------------------------------------------------
def _mid_programme(dst: Path) -> Path:
    """Copy the demo programme as it stood on CUTOFF."""
    shutil.copytree(DEMO, dst)

    def edit(name: str, fn) -> None:
        path = dst / f"{name}.csv"
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        fn(df).to_csv(path, index=False)

    def before(col):
        return lambda df: df[pd.to_datetime(df[col]) <= CUTOFF]

    edit("measurements", before("period"))
    edit("progress", before("date"))

    def pdsa(df):
        df = df[pd.to_datetime(df["start"]) <= CUTOFF].copy()
        late = pd.to_datetime(df["end"].replace("", None)) > CUTOFF
        df.loc[late, ["end", "study", "act"]] = ""
        return df

    edit("pdsa", pdsa)
    import yaml

    meta = yaml.safe_load((dst / "programme.yaml").read_text())
    held = {s["number"] for s in meta["sessions"] if pd.Timestamp(s["date"]) <= CUTOFF}
    edit("attendance", lambda df: df[df["session"].astype(int).isin(held)])
    edit("feedback", lambda df: df[df["session"].astype(int).isin(held)])
    edit("survey", lambda df: df[df["timepoint"] == "pre"])
    return dst


def _hostile(dst: Path) -> Path:
    """Copy the demo programme with hostile free text in team north and its people."""
    shutil.copytree(DEMO, dst)
    teams = pd.read_csv(dst / "teams.csv", dtype=str, keep_default_na=False)
    north = teams["team_id"] == "north"
    teams.loc[north, "project_title"] = "Fewer DNAs " + HOSTILE["script"]
    teams.loc[north, "background"] = " ".join([HOSTILE["script"], HOSTILE["link"]])
    teams.loc[north, "learning"] = " ".join([HOSTILE["formula"], HOSTILE["rtl"]])
    teams.loc[north, "next_steps"] = " ".join([HOSTILE["long"], HOSTILE["img"]])
    teams.loc[north, "team_name"] = 'North "<b>Locality</b>"'
    teams.to_csv(dst / "teams.csv", index=False)
    people = pd.read_csv(dst / "participants.csv", dtype=str, keep_default_na=False)
    people.loc[people["participant_id"] == "p01", "display_name"] = HOSTILE["img"]
    people.to_csv(dst / "participants.csv", index=False)
    fb = pd.read_csv(dst / "feedback.csv", dtype=str, keep_default_na=False)
    fb.loc[(fb["participant_id"] == "p02").idxmax(), "comment"] = HOSTILE["link"]
    fb.to_csv(dst / "feedback.csv", index=False)
    measures = pd.read_csv(dst / "measures.csv", dtype=str, keep_default_na=False)
    first = measures.index[measures["team_id"] == "north"][0]
    measures.loc[first, "name"] = 'DNA rate "<i>weekly</i>"'
    measures.to_csv(dst / "measures.csv", index=False)
    return dst


def _run(workspace: Path, out: Path, teams=None):
    from qiteach.reports import run_reports

    return run_reports(workspace, out, jobs=2, teams=teams, progress=False)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    return _run(DEMO, tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def mid_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mid")
    return _run(_mid_programme(tmp / "ws"), tmp / "out"), tmp / "ws"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    return _run(_hostile(tmp / "ws"), tmp / "out", teams=["north"]), tmp / "ws"


# -- page parsing ---------------------------------------------------------------------------
class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict[str, str | None]] = []
        self.headings: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""  # all text content, entities decoded
        self._in: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "img":
            self.images.append(a)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag in ("h1", "h2", "h3"):
            self._in, self._text = tag, ""

    def handle_data(self, data):
        self.text += data
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == self._in:
            self.headings.append(self._text.replace("¶", "").strip())
            self._in = None


def _page(result, name: str) -> tuple[str, _Page]:
    text = (result.out_dir / name).read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(text)
    return text, parser


def _check_clean(result, name: str) -> None:
    from qiteach.reports.render import external_references

    text, _ = _page(result, name)
    assert external_references(text) == []
    assert "Traceback" not in text
    assert "open_programme" not in text and "show_figure(" not in text  # code hidden
    nb = nbformat.read(result.out_dir / name.replace(".html", ".ipynb"), as_version=4)
    streams = [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "stream"]
    assert streams == [], [o.get("text", "")[:200] for o in streams]


# -- full demo ------------------------------------------------------------------------------
@pytest.mark.slow
def test_demo_reports_all_run(demo_run):
    assert demo_run.ok, [r.problem() for r in demo_run.failed]
    for name in ["programme.html", *(f"team-{t}.html" for t in TEAMS)]:
        _check_clean(demo_run, name)


@pytest.mark.slow
@pytest.mark.parametrize("team", TEAMS)
def test_team_report_content(demo_run, team):
    import qiteach
    from qiteach.evaluation import team_aim, team_readings

    programme = qiteach.open_workspace(DEMO)
    text, page = _page(demo_run, f"team-{team}.html")
    assert "SYNTHETIC DATA" in text
    info = programme.team(team).info
    assert page.headings[0] == info["project_title"]
    for heading in TEAM_HEADINGS:
        assert heading in page.headings, heading
    # every measure has a chart whose alt text names it, and every image has alt text
    alts = [img.get("alt") or "" for img in page.images]
    assert all(a.strip() and "no description" not in a for a in alts)
    readings = team_readings(programme, team, rules="anhoej")
    for r in readings:
        assert any(a.startswith(f"{r.name} ({r.type} measure)") for a in alts), r.name
        assert html.escape(r.headline, quote=False) in text  # text nodes keep apostrophes
    assert len(alts) >= len(readings) + 2  # + driver diagram, PDSA ramps ...
    aim = team_aim(programme, team, rules="anhoej")
    assert html.escape(aim.sentence, quote=False) in text
    figures = json.loads(demo_run.summary.read_text())["teams"][team]["figures"]
    assert figures["aim_status"] == aim.status
    assert figures["aim_value"] == pytest.approx(aim.value)
    assert figures["measures"] == {r.measure_id: r.verdict for r in readings}
    assert "Anhøj rules" in text


@pytest.mark.slow
def test_programme_report_content(demo_run):
    import qiteach
    from qiteach.evaluation import analyse_survey, improvement_signals, kirkpatrick_table

    programme = qiteach.open_workspace(DEMO)
    text, page = _page(demo_run, "programme.html")
    assert "SYNTHETIC DATA" in text
    assert page.headings[0] == programme.name
    for heading in PROGRAMME_HEADINGS:
        assert heading in page.headings, heading
    alts = [img.get("alt") or "" for img in page.images]
    assert all(a.strip() for a in alts)
    multiples = [a for a in alts if a.startswith("Small multiples of ")]
    for name in programme.tables["teams"]["team_name"]:  # every team's verdict is read out
        assert any(f" {name}: " in a for a in multiples), name
    assert any(a.startswith("Interrupted time series") for a in alts)
    figures = json.loads(demo_run.summary.read_text())["programme_report"]["figures"]
    sig = improvement_signals(programme, rules="anhoej")
    improving = sorted(set(sig.loc[sig["verdict"] == "improvement", "team_id"]))
    assert figures["teams_improving_ids"] == improving
    assert figures["n_teams"] == 3
    survey = analyse_survey(programme)
    for domain, t in survey.tests.items():
        assert html.escape(t.sentence()) in text
        assert figures[f"{domain}_pairs"] == t.n_pairs
        assert figures[f"{domain}_p"] == pytest.approx(t.p_value)
    table = kirkpatrick_table(programme, rules="anhoej")
    for row in table.itertuples():
        assert html.escape(row.result) in text
        expected = None if pd.isna(row.figure) else pytest.approx(row.figure)
        assert figures["kirkpatrick"][row.indicator] == expected
    # measured learning (the demo's consented self-check results) beside the survey
    from qiteach.evaluation import learning_summary
    from qiteach.reports.sections_common import source_tables

    learned = learning_summary(source_tables(programme))
    assert learned.shown and html.escape(learned.sentence()) in text
    assert figures["learning_people"] == learned.people == 13
    assert figures["learning_first_time_percent"] == pytest.approx(learned.first_time_percent)
    assert "too few to show" in text  # the demo's 3 GPs, 1 nurse and 1 pharmacist


# -- mid-programme --------------------------------------------------------------------------
@pytest.mark.slow
def test_mid_programme_reports_run_and_say_what_is_not_yet_available(mid_run):
    import qiteach
    from qiteach.evaluation import team_aim

    result, ws = mid_run
    assert result.ok, [r.problem() for r in result.failed]
    programme = qiteach.open_workspace(ws)
    text, page = _page(result, "programme.html")
    for heading in PROGRAMME_HEADINGS:
        assert heading in page.headings
    assert "Learning sessions with attendance recorded: 2 of 8" in text
    assert "not yet available" in text.lower()  # no post survey yet
    figures = json.loads(result.summary.read_text())["programme_report"]["figures"]
    assert figures["confidence_pairs"] == 0
    assert figures["kirkpatrick"]["Confidence: median change pre to post (Likert 1-5)"] is None
    for team in TEAMS:
        _check_clean(result, f"team-{team}.html")
        text, page = _page(result, f"team-{team}.html")
        for heading in TEAM_HEADINGS:
            assert heading in page.headings
        assert "Data up to" in text
        aim = team_aim(programme, team)
        assert html.escape(aim.sentence, quote=False) in text
        n_measures = len(programme.team(team).measure_ids)
        charts = [i for i in page.images if "measure)" in (i.get("alt") or "")]
        assert len(charts) == n_measures
    _, north = _page(result, "team-north.html")
    assert any("running" in (i.get("alt") or "") or "PDSA" in (i.get("alt") or "")
               for i in north.images)  # fmt: skip


# -- hostile text ---------------------------------------------------------------------------
@pytest.mark.slow
def test_hostile_text_appears_as_plain_text(hostile_run):
    result, _ = hostile_run
    assert result.ok, [r.problem() for r in result.failed]
    for name in ("team-north.html", "programme.html"):
        _check_clean(result, name)
        text, page = _page(result, name)
        assert "<script>alert" not in text
        assert not [t for t, a in page.tags if any(k.lower().startswith("on") for k in a)]
        assert not [t for t, _ in page.tags if t in ("b", "i")]  # user markup stays text
        assert not [h for h in page.hrefs if h.strip().lower().startswith("javascript:")]
        for img in page.images:
            assert set(img) <= {"src", "alt", "width", "height"}, img  # no injected attributes
            assert all(img[k].isdigit() for k in ("width", "height") if k in img), img
    _, page = _page(result, "team-north.html")
    shown = " ".join(page.text.split())
    for key in ("script", "link", "formula", "rtl", "long", "img"):
        assert HOSTILE[key] in shown, key  # shown verbatim, as text
    assert page.headings[0] == "Fewer DNAs " + HOSTILE["script"]
    assert any("DNA rate '‹i›weekly‹/i›'" in (i.get("alt") or "") for i in page.images)


def test_a_team_with_few_points_is_too_early_to_say_not_improving(tmp_path):
    import matplotlib.pyplot as plt

    import qiteach

    ws = Path(shutil.copytree(DEMO, tmp_path / "ws"))
    rows = pd.read_csv(ws / "measurements.csv", dtype=str, keep_default_na=False)
    west = rows["team_id"] == "west"
    keep = ~west | rows["period"].isin(sorted(rows.loc[west, "period"].unique())[-5:])
    rows[keep].to_csv(ws / "measurements.csv", index=False)  # west: last 5 months only
    programme = qiteach.open_workspace(ws)
    key = S.key_figures(programme, "anhoej")
    verdicts = key.signals.groupby("team_id")["verdict"].unique()
    assert set(verdicts["west"]) == {"too early to say"}
    assert key.figures["teams_improving_ids"] == ["north"]  # west no longer counted
    text = html.unescape(key.signals_html)
    assert "1 of 3 teams show special-cause improvement" in text
    assert "does not prove that the team's changes caused it" in text
    assert "Common cause means only everyday variation so far." in text  # jargon explained
    assert "2 outcome measures have fewer than 10 points, so it is too early to say." in text
    plt.close("all")


def test_survey_with_one_pair_shows_no_zero_level_interval_or_effect_size(tmp_path):
    import matplotlib.pyplot as plt

    import qiteach

    ws = Path(shutil.copytree(DEMO, tmp_path / "ws"))
    rows = pd.read_csv(ws / "survey.csv", dtype=str, keep_default_na=False)
    one = rows[(rows["participant_id"] == "p02") & (rows["domain"] == "confidence")]
    one.to_csv(ws / "survey.csv", index=False)
    text, figs, figures = S.survey_html(qiteach.open_workspace(ws))
    assert figures["confidence_pairs"] == 1
    assert len(figs) == 1 and "CI" not in figs[0][1]  # the dumbbell's alt text too
    row = text[text.index("<td>confidence</td>") :].split("</tr>")[0]
    assert "CI" not in row and "0%" not in row  # no "0% CI" from a single pair
    assert "1 pair;" in html.unescape(text) and "1 pairs" not in html.unescape(text)
    assert "too few pairs to test" in row and "1.00" not in row  # no effect size r
    assert "Knowledge not yet available: no participant" in html.unescape(text)
    assert "Hodges–Lehmann median change is the typical change per person" in text
    plt.close("all")


def test_its_section_does_not_claim_the_programme_caused_the_change():
    import matplotlib.pyplot as plt

    import qiteach

    text, figs = S.its_html(qiteach.open_workspace(DEMO))
    assert len(figs) == 3
    assert "not proof that the programme caused it" in html.unescape(text)
    labels = {line.get_label() for fig, _ in figs for line in fig.axes[0].lines}
    assert "Pre-programme trend continued" in labels
    assert not any(label.startswith("Without") for label in labels)
    plt.close("all")


def test_counts_agree_with_their_nouns_and_dates_read_as_elsewhere(tmp_path):
    import matplotlib.pyplot as plt

    import qiteach
    from qiteach.workspace.templates import example_workspace

    ws = example_workspace(tmp_path / "ws")  # what `qiteach new` writes
    with (ws / "pdsa.csv").open("a", encoding="utf-8") as f:  # a team with a single cycle
        f.write("north2,C1,CI1,R1,2025-10-20,2025-10-27,Try it,Fewer,Did it,Fewer,adopt,1 GP\n")
    for name, row in {
        "teams.csv": "north2,North 2,North,Elm,Fewer DNAs,DNAs,Reduce DNAs,,,\n",
        "drivers.csv": "north2,P1,,primary,Remember,strong\n"
        "north2,CI1,P1,change_idea,Text,strong\n",
    }.items():
        with (ws / name).open("a", encoding="utf-8") as f:
            f.write(row)
    programme = qiteach.open_workspace(ws)
    text, _, alt, _ = S.pdsa_html(programme.team("north"))  # 3 cycles, one running
    assert "1 cycle still running." in html.unescape(text)
    text, _, alt, _ = S.pdsa_html(programme.team("north2"))
    assert "1 PDSA cycle in 1 ramp on 1 change idea (1 adopt)." in html.unescape(text)
    assert alt.startswith("Timeline of 1 PDSA cycle in 1 ramp, one lane")
    _, alt, _ = S.driver_figure(programme.team("north2"))
    assert "the aim, 1 primary driver, 0 secondary drivers and 1 change idea, of which 1 has" in alt
    text, _, alt, _ = S.progress_html(programme.team("north"))
    expected = "on 31 October 2025, up 1.0 since 30 September 2025."
    assert expected in html.unescape(text) and expected in alt
    assert "over 2 ratings" in alt
    text, _, _ = S.programme_pdsa_html(programme)
    assert "1 team completed at least one ramp" in html.unescape(text)
    one_ws = example_workspace(tmp_path / "one")  # a single team, here with a single cycle
    pdsa = (one_ws / "pdsa.csv").read_text(encoding="utf-8").splitlines()
    (one_ws / "pdsa.csv").write_text("\n".join(pdsa[:2]) + "\n", encoding="utf-8")
    one = qiteach.open_workspace(one_ws)
    text, _, _ = S.programme_pdsa_html(one)
    assert html.unescape(text).startswith('<p class="qi-text">1 PDSA cycle by 1 of 1 teams (')
    _, table = S.kirkpatrick_html(one, "anhoej")
    assert "1 cycle by 1 of 1 teams" in table["result"].tolist()
    ((_, _, alt),) = S.small_multiples(one, "anhoej")
    assert alt.startswith("Small multiples of DNA rate for 1 team on a shared scale.")
    plt.close("all")


def test_many_teams_small_multiples_alt_counts_the_verdicts(collaborative_programme):
    import matplotlib.pyplot as plt

    from qiteach.evaluation import improvement_signals

    programme = collaborative_programme
    items = S.small_multiples(programme, "anhoej")
    sig = improvement_signals(programme, rules="anhoej")
    assert len(items) == sig["measure_id"].nunique() == 3  # one page per outcome measure
    for (_, fig, alt), (_mid, group) in zip(
        items, sig.groupby("measure_id", sort=False), strict=True
    ):
        assert alt.startswith(
            f"Small multiples of {group['measure'].iloc[0]} for {len(group)} teams"
        )
        for verdict, n in group["verdict"].value_counts().items():
            assert f"{n} {verdict}" in alt
        assert len(fig.axes[0].collections[-1].get_segments()) == len(group)
    plt.close("all")


def test_all_roles_column_agrees_with_the_session_table(collaborative_programme):
    import matplotlib.pyplot as plt

    # collaborative session 5: 213 of 252 = 84.52%; rounding 84.5 again gave "84%"
    text, _, _ = S.attendance_html(collaborative_programme)
    tables = text.split("<h3>% attended by role</h3>")
    sessions, roles = (_cells(t.split("</table>")[0]) for t in tables)
    assert sessions[0][-1] == "%" and roles[0][-1] == "All roles"
    assert sessions[5][-2:] == ["213 of 252", "85%"]
    assert [r[-1] for r in roles[1:]] == [r[-1] for r in sessions[1:]]
    plt.close("all")


def _cells(table_html: str) -> list[list[str]]:
    """Rows of cell texts of one HTML table."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table_html, flags=re.S)
    return [[html.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r)] for r in rows]


def test_its_cautions_are_shown_with_the_fit(collaborative_programme):
    import matplotlib.pyplot as plt

    # collaborative: 6 monthly points before the start, fewer than the 8 advised
    text, figs = S.its_html(collaborative_programme)
    caution = "Caution: only 6 points in the shorter segment; at least 8 before and after"
    assert html.unescape(text).count(caution) == len(figs) == 3
    assert all(caution in alt for _, alt in figs)
    plt.close("all")


def test_percentages_round_half_up_like_a_spreadsheet(tmp_path):
    import qiteach
    from qiteach.evaluation import kirkpatrick_table

    # north: 33 of 40 session places = 82.5%; Python's "{:.0f}" gives "82%" (half to even)
    programme = qiteach.open_workspace(DEMO)
    text = html.unescape(S.attendance_table(programme.team("north")))
    assert "Overall 83% of 40 session places were attended." in text
    rows = pd.read_csv(DEMO / "attendance.csv")
    rows = rows[rows["participant_id"].isin(["p02", "p03", "p04"])]  # 3 managers x 8
    ws = Path(shutil.copytree(DEMO, tmp_path / "ws"))
    att = rows.assign(attended=["yes"] * 21 + ["no"] * 3)  # 21 of 24 = 87.5%
    att.to_csv(ws / "attendance.csv", index=False)
    small = qiteach.open_workspace(ws)
    table = kirkpatrick_table(small).set_index("indicator")
    assert table.loc["Attendance rate (%)", "result"] == "88% of 24 session places"
    rows = rows.assign(attended=["yes"] * 15 + ["no"] * 9)  # 15 of 24 = 62.5%
    rows.to_csv(ws / "attendance.csv", index=False)
    key = S.key_figures(qiteach.open_workspace(ws), "anhoej")
    assert "<td>63%</td>" in key.html


def test_family_of_measures_names_the_chart_in_words():
    import qiteach

    text = S.measure_table(qiteach.open_workspace(DEMO).team("north"))
    rows = _cells(text)
    assert rows[0][2] == "Chart"
    assert [r[2] for r in rows[1:]] == [
        "P (proportion) control chart",
        "P (proportion) control chart",
        "C (count) control chart",
        "I (individuals) control chart",
    ]


def test_small_multiples_alt_names_a_team_without_an_outcome_measure(tmp_path):
    import matplotlib.pyplot as plt

    import qiteach

    ws = Path(shutil.copytree(DEMO, tmp_path / "ws"))
    rows = pd.read_csv(ws / "measures.csv", dtype=str, keep_default_na=False)
    rows.loc[rows["team_id"] == "south", "type"] = "process"  # south: no outcome measure
    rows.to_csv(ws / "measures.csv", index=False)
    items = S.small_multiples(qiteach.open_workspace(ws), "anhoej")
    assert items[-1][0] == '<p class="qi-meta">No outcome measure yet: South Locality.</p>'
    alt = " ".join(a for _, _, a in items)
    assert "North Locality: improvement" in alt and "South Locality:" not in alt
    plt.close("all")


@pytest.mark.slow
def test_a_team_without_pdsa_cycles_is_not_told_about_cycle_lines(tmp_path):
    from qiteach.workspace.templates import example_workspace

    ws = example_workspace(tmp_path / "ws")  # `qiteach new`, then no PDSA log yet
    header = (ws / "pdsa.csv").read_text(encoding="utf-8").splitlines()[0]
    (ws / "pdsa.csv").write_text(header + "\n", encoding="utf-8")
    result = _run(ws, tmp_path / "out", teams=["north"])
    assert result.ok, [r.problem() for r in result.failed]
    text, _ = _page(result, "team-north.html")
    assert "No PDSA cycles recorded yet." in text
    assert "Signals are found with the Anhøj rules." in text
    assert "Dashed vertical lines" not in text  # neither in the page nor in any alt text


def test_its_section_shows_its_sensitivity_to_lags_and_team_fixed_effects(collaborative_programme):
    import matplotlib.pyplot as plt

    from qiteach.evaluation.its_sensitivity import its_sensitivity
    from qiteach.reports.sections_common import source_tables

    programme = collaborative_programme
    text = html.unescape(S.its_html(programme)[0])
    assert text.count("<h4>Sensitivity</h4>") == 3
    # the first measure's table is the computed one, row by row
    m = programme.measures
    outcome = m[m["type"] == "outcome"]
    first = outcome.groupby("measure_id", sort=False).size().sort_values(ascending=False).index[0]
    rows = outcome[outcome["measure_id"] == first]
    freq = {"weekly": "W", "monthly": "M", "quarterly": "Q"}[str(rows["frequency"].iloc[0])]
    table = its_sensitivity(source_tables(programme), first, teams=list(rows["team_id"]), freq=freq)
    section = text.split("<h4>Sensitivity</h4>")[1]
    for r in table.itertuples():
        assert r.model in section
        assert f"{r.level_change:+.3g} ({r.level_low:.3g} to {r.level_high:.3g})" in section
    assert table["model"].iloc[-1].startswith("team fixed effects")
    ends = zip(table["end_low"], table["end_high"], strict=True)
    crosses = [not (lo > 0 or hi < 0) for lo, hi in ends]
    said = section.split("<table")[0]
    assert ("the interval includes zero with" in said) is any(crosses)
    plt.close("all")
