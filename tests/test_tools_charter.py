"""The project charter: built from a team's own tables, and its gaps hand-checked."""

from __future__ import annotations

import datetime as dt

import pytest

from qiteach.exceptions import ToolkitError
from qiteach.tools.charter import CHARTER_PARTS, Charter, parse_roles

GOOD_AIM = (
    "Increase the % of patients with hypertension whose last BP is under 140/90 from 58% to "
    "70% by 31 March 2027"
)
FULL = {
    "title": "Blood pressure control",
    "problem": "Only 58% of the 1,400 patients on the register have a BP under 140/90",
    "aim": GOOD_AIM,
    "scope_in": "Adults on the hypertension register at Elm Surgery",
    "scope_out": "Care-home residents; medicine changes",
    "sponsor": "Dr R Shah, senior partner",
    "roles": "Dr A Khan - clinical lead; J Smith - data",
    "start": "2026-01-05",
    "end": "2027-03-31",
    "measures": [
        ("outcome", "% BP under 140/90"),
        ("process", "BP checks a week"),
        ("balancing", "Nurse appointments used"),
    ],
}


def _parts(charter: Charter) -> list[tuple[str, str]]:
    return [(g.level, g.part) for g in charter.gaps()]


def test_a_full_charter_has_no_gaps() -> None:
    c = Charter.from_mapping(FULL)
    assert c.gaps() == () and c.ok
    assert c.timescale == "5 Jan 2026 to 31 Mar 2027 (15 months)"
    assert c.roles == (("Dr A Khan", "clinical lead"), ("J Smith", "data"))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"scope_out": ""}, [("missing", "scope_out")]),
        ({"sponsor": None}, [("missing", "sponsor")]),
        ({"scope_in": "  "}, [("missing", "scope_in")]),
        ({"roles": ""}, [("missing", "roles")]),
        ({"problem": ""}, [("missing", "problem")]),
        ({"aim": None}, [("missing", "aim")]),
        ({"end": None}, [("missing", "timescale")]),
        ({"measures": []}, [("missing", "measures")]),
        # weak, not missing
        ({"problem": "Patients with hypertension are not controlled"}, [("weak", "problem")]),
        ({"roles": "Dr A Khan - clinical lead"}, [("weak", "roles")]),  # one person
        ({"roles": "Dr A Khan - lead; J Smith"}, [("weak", "roles")]),  # no role
        ({"measures": [("outcome", "% BP under 140/90")]}, [("weak", "measures")]),
        ({"start": "2024-01-01"}, [("weak", "timescale")]),  # over two years
        # missing come first, in part order, then weak ones
        (
            {"sponsor": "", "problem": "BP is poor", "scope_out": None},
            [("missing", "scope_out"), ("missing", "sponsor"), ("weak", "problem")],
        ),
    ],
)
def test_each_gap_by_hand(changes: dict, expected: list) -> None:
    assert _parts(Charter.from_mapping(FULL | changes)) == expected


def test_the_aim_is_judged_by_the_aim_checker() -> None:
    no_date = "Increase the % of patients with hypertension with a BP under 140/90 from 58% to 70%"
    (gap,) = Charter.from_mapping(FULL | {"aim": no_date}).gaps()
    assert (gap.part, gap.level) == ("aim", "weak")
    assert gap.sentence == "the aim lacks by when (a date)."
    (gap,) = Charter.from_mapping(FULL | {"aim": "Improve BP control"}).gaps()
    assert gap.sentence.startswith("the aim lacks") and "for whom" in gap.sentence
    # the aim's date in another year than the project's end: the two should agree
    later = GOOD_AIM.replace("31 March 2027", "31 March 2028")
    (gap,) = Charter.from_mapping(FULL | {"aim": later}).gaps()
    assert "31 March 2028" in gap.sentence and "2027" in gap.sentence


def test_two_years_exactly_is_not_too_long() -> None:
    c = Charter.from_mapping(FULL | {"start": "2025-03-31", "end": "2027-03-31"})  # 730 days
    assert (c.end - c.start).days == 730 and c.gaps() == ()


def test_dates_are_checked() -> None:
    with pytest.raises(ToolkitError, match=r'start: "31/02/2026" is not a date'):
        Charter.from_mapping({"start": "31/02/2026"})
    with pytest.raises(ToolkitError, match="end 2026-01-01 is before start 2026-02-01"):
        Charter.from_mapping({"start": "2026-02-01", "end": "2026-01-01"})
    c = Charter.from_mapping({"start": dt.datetime(2026, 2, 1, 9, 30), "end": dt.date(2026, 2, 1)})
    assert c.start == c.end == dt.date(2026, 2, 1)


def test_roles_written_in_several_ways() -> None:
    assert parse_roles("A Khan: clinical lead\nJ Smith – data;;  ") == (
        ("A Khan", "clinical lead"),
        ("J Smith", "data"),
    )
    assert parse_roles("Anne-Marie Ode - lead nurse") == (("Anne-Marie Ode", "lead nurse"),)
    assert parse_roles("   ") == ()


def test_as_frame_lists_every_part_in_order() -> None:
    frame = Charter.from_mapping(FULL).as_frame()
    assert frame["Part"].tolist() == [title for title, _ in CHARTER_PARTS.values()]
    assert frame.iloc[5, 1] == "Dr A Khan - clinical lead; J Smith - data"
    assert "% BP under 140/90 (outcome)" in frame.iloc[7, 1]


def test_built_from_the_demo_teams_own_tables(demo_programme) -> None:
    north = Charter.from_team(demo_programme.team("north"))
    assert north.aim == demo_programme.team("north").info["aim"]  # the team's own aim
    assert north.title == "Fewer missed appointments"
    assert len(north.measures) == len(demo_programme.team("north").measures)
    assert north.gaps() == ()
    assert _parts(Charter.from_team(demo_programme.team("west"))) == [("missing", "scope_out")]
    assert _parts(Charter.from_team(demo_programme.team("south"))) == [("missing", "sponsor")]


def test_a_team_without_a_charter_row(new_team) -> None:
    assert new_team.charter is None
    c = Charter.from_team(new_team)
    assert c.aim and c.aim.startswith("Reduce the time to issue repeat prescriptions")
    assert [p for _, p in _parts(c)] == [
        "problem",
        "scope_in",
        "scope_out",
        "sponsor",
        "roles",
        "timescale",
        "measures",
    ]
