"""Change concepts: the shipped list (hand-counted against The Improvement Guide's Appendix A),
look-up, and the keyword suggestion worked out by hand."""

from __future__ import annotations

import pytest

from qiteach.drivers import DriverDiagram
from qiteach.exceptions import ToolkitError
from qiteach.tools import change_concepts as cc

#: concepts per group as the book lists them (group I: 8 of its 10 are held, see the YAML)
BOOK_COUNTS = {"A": 11, "B": 11, "C": 4, "D": 11, "E": 8, "F": 5, "G": 8, "H": 4, "I": 8}


def test_groups_and_counts_match_the_book() -> None:
    assert {g.group_id: len(g.concepts) for g in cc.groups()} == BOOK_COUNTS
    assert len(cc.concepts()) == cc.EXPECTED_COUNT == 70
    assert [g.title for g in cc.groups()][:3] == [
        "Eliminate waste", "Improve work flow", "Optimise inventory"]  # fmt: skip
    titles = [c.title for c in cc.concepts()]
    assert len(set(titles)) == len(titles)


def test_numbers_run_in_the_books_order() -> None:
    # hand-checked against Figure A.1: 14 minimize handoffs, 50 reduce wait time, 59 use reminders
    assert cc.lookup(14)[0].title == "Minimize handoffs"
    assert cc.lookup(50)[0].title == "Reduce wait time"
    assert (cc.lookup(59)[0].title, cc.lookup(59)[0].group_id) == ("Use reminders", "H")
    assert cc.lookup(71) == []


def test_lookup_by_words_and_group_by_either_spelling() -> None:
    assert [c.number for c in cc.lookup("Reduce wait")] == [50]
    assert [c.number for c in cc.lookup("eliminate")] == [1, 2, 3]
    assert cc.group("optimise inventory") is cc.group("Optimize Inventory") is cc.group("c")
    with pytest.raises(ToolkitError, match="letter A-I"):
        cc.group("Z")


def test_suggestions_worked_by_hand() -> None:
    # "remind" starts "reminder" (H); "automat" starts "automatic" (B); 2 hits beat 1
    assert cc.suggest_groups("Automatic SMS reminder") == (("B", ("automat",)), ("H", ("remind",)))
    # "check" (H) starts "checks": 3 hits for I come first, then H's 1
    assert cc.suggest_groups("Offer BP checks by video in the evening") == (
        ("I", ("video", "evening", "offer")), ("H", ("check",)))  # fmt: skip
    # a keyword matches the start of a word only: "strain" does not hold "train"
    assert cc.suggest_groups("Less strain on reception") == ()
    assert cc.suggest_groups("Two-way SMS: reply CANCEL") == ()


def test_link_ideas_lays_each_idea_beside_its_drivers() -> None:
    invited = {"Recall is reliable": ["Monthly recall search", "Thank you"]}
    easy = {"Checks close to home": ["BP checks at the community pharmacy"]}
    d = DriverDiagram.from_dict(
        {"aim": "More BP checks", "drivers": {"Patients are invited": invited,
                                              "Checks are easy": easy}})  # fmt: skip
    table = cc.link_ideas(d)
    assert table["idea"].tolist() == ["C1", "C2", "C3"]
    secondaries = ["Recall is reliable", "Recall is reliable", "Checks close to home"]
    assert table["secondary driver"].tolist() == secondaries
    assert table["primary driver"].tolist() == ["Patients are invited"] * 2 + ["Checks are easy"]
    assert table.loc[0, "suggested groups"] == "Improve work flow"  # search, recall
    assert table.loc[0, "because of"] == "search, recall"
    assert table.loc[1, "suggested groups"] == "-"
    # I: community, pharmacy (2 hits) first; then E: pharmacy and H: check (1 each, book order)
    assert table.loc[2, "suggested groups"] == (
        "Focus on the product or service; Enhance the producer/customer relationship; "
        "Design systems to avoid mistakes"
    )
    assert table.loc[2, "because of"] == "pharmacy, community; pharmacy; check"


def test_link_ideas_of_a_diagram_without_ideas_is_empty() -> None:
    table = cc.link_ideas(DriverDiagram("More BP checks"))
    assert table.empty and "suggested groups" in table.columns
