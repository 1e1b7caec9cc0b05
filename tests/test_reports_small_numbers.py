"""Percentages of fewer than 5 people are shown as counts ("2 of 3"), never as percentages."""

from __future__ import annotations

import html

import matplotlib

matplotlib.use("Agg")

import qiteach
from qiteach.reports import sections as S
from qiteach.workspace.templates import example_workspace


def test_attendance_by_role_of_one_person_is_a_count(tmp_path) -> None:
    programme = qiteach.open_workspace(example_workspace(tmp_path / "w"))  # 3 people, 3 roles
    text, _, _ = S.attendance_html(programme)
    text = html.unescape(text)
    by_role = text.split("% attended by role")[1]
    assert "%" not in by_role.split("</table>")[0].split("</thead>")[1]  # no cell is a percent
    assert "<td>1 of 1</td>" in by_role and "<td>0 of 1</td>" in by_role
    assert "<td>2 of 3</td>" in by_role  # all roles, session 1: 2 of 3 came


def test_larger_groups_stay_percentages(collaborative_programme) -> None:
    text, _, _ = S.attendance_html(collaborative_programme)
    by_role = html.unescape(text).split("% attended by role")[1]
    assert "%</td>" in by_role and " of " not in by_role.split("</thead>")[1].split("</table>")[0]
