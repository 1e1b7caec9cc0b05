"""Langley et al.'s change concepts: the groups, a look-up, and a keyword suggestion.

The concepts and their source live in ``change_concepts.yaml`` beside this module
(read with :mod:`importlib.resources`, so an installed qiteach finds it). A change
concept is a general approach ("Use reminders") from which a team develops specific
change ideas ("SMS reminder the day before the diabetes review").

:func:`suggest_groups` matches the words of a team's change idea against keywords
qiteach chose for each group (not the book's): it is a prompt for discussion, never
a classification. :func:`link_ideas` lays a driver diagram's change ideas beside their
drivers and the suggested groups.

>>> [g.group_id for g in groups()]
['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']
>>> group("H").title, group("H").concepts[0]
('Design systems to avoid mistakes', 'Use reminders')
>>> [(c.number, c.group_id) for c in lookup("reminder")]
[(59, 'H')]
>>> suggest_groups("SMS reminder the day before the diabetes review")
(('H', ('remind',)),)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pandas as pd
import yaml

from qiteach.drivers import DriverDiagram, DriverNode
from qiteach.exceptions import ToolkitError

__all__ = [
    "EXPECTED_COUNT",
    "SOURCE",
    "ChangeConcept",
    "ConceptGroup",
    "concept_matrix",
    "concepts",
    "group",
    "groups",
    "link_ideas",
    "lookup",
    "suggest_groups",
]

#: the short citation shown under tables (the full one heads the YAML file)
SOURCE = (
    "Langley GJ, Moen RD, Nolan KM, Nolan TW, Norman CL, Provost LP. The Improvement Guide, "
    "2nd ed. Jossey-Bass, 2009, Appendix A"
)
#: concepts held in the data file (the book has 72; see the file's header for the two left out)
EXPECTED_COUNT = 70
_FILE = "change_concepts.yaml"


@dataclass(frozen=True, slots=True)
class ChangeConcept:
    """One change concept: its number (in the order of the list), group letter and title."""

    number: int
    group_id: str
    title: str


@dataclass(frozen=True, slots=True)
class ConceptGroup:
    """One of the nine groups: letter, title, a one-line summary, concepts, keywords."""

    group_id: str
    title: str
    book_title: str
    summary: str
    concepts: tuple[str, ...]
    keywords: tuple[str, ...]


@cache
def groups() -> tuple[ConceptGroup, ...]:
    """The nine groups, in the book's order (read once from the shipped YAML file).

    >>> len(groups()), sum(len(g.concepts) for g in groups()) == EXPECTED_COUNT
    (9, True)
    """
    text = files(__package__).joinpath(_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    out = []
    for entry in data["groups"]:
        out.append(
            ConceptGroup(
                group_id=str(entry["id"]),
                title=str(entry["title"]),
                book_title=str(entry["book_title"]),
                summary=str(entry["summary"]),
                concepts=tuple(str(c) for c in entry["concepts"]),
                keywords=tuple(str(k).lower() for k in entry["keywords"]),
            )
        )
    return tuple(out)


def concepts() -> tuple[ChangeConcept, ...]:
    """Every concept, numbered 1, 2, ... in the order of the list.

    >>> concepts()[0]
    ChangeConcept(number=1, group_id='A', title='Eliminate things that are not used')
    """
    out, n = [], 0
    for g in groups():
        for title in g.concepts:
            n += 1
            out.append(ChangeConcept(n, g.group_id, title))
    return tuple(out)


def _key(text: object) -> str:
    return " ".join(re.sub(r"[^\w\s/'-]", " ", str(text).lower()).split())


def group(name: str) -> ConceptGroup:
    """A group by its letter or its title (either spelling), e.g. ``"H"`` or ``"manage time"``.

    >>> group("Optimize inventory").group_id
    'C'
    >>> group("waste management")
    Traceback (most recent call last):
    ...
    qiteach.exceptions.ToolkitError: no change-concept group "waste management" (fix: use a letter A-I or a title such as "Eliminate waste")
    """  # noqa: E501
    wanted = _key(name)
    for g in groups():
        if wanted in {g.group_id.lower(), _key(g.title), _key(g.book_title)}:
            return g
    raise ToolkitError(
        f'no change-concept group "{name}"',
        fix=f'use a letter A-I or a title such as "{groups()[0].title}"',
    )


def lookup(query: int | str) -> list[ChangeConcept]:
    """Concepts by number, or those whose title holds every word of ``query``.

    >>> lookup(50)
    [ChangeConcept(number=50, group_id='F', title='Reduce wait time')]
    >>> [c.number for c in lookup("handoffs")], lookup("no such thing")
    ([14], [])
    """
    if isinstance(query, int):
        return [c for c in concepts() if c.number == query]
    words = _key(query).split()
    return [
        c
        for c in concepts()
        if words and all(re.search(rf"\b{re.escape(w)}", _key(c.title)) for w in words)
    ]


def suggest_groups(idea: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Groups whose keywords start a word of ``idea``: ``(letter, matched keywords)`` pairs,
    most matches first (ties in the book's order). Empty when nothing matches.

    >>> suggest_groups("Offer the annual diabetes review by video in the evening")
    (('I', ('video', 'evening', 'offer')),)
    >>> suggest_groups("Pharmacist runs the eligibility search monthly")
    (('B', ('search',)), ('D', ('pharmacist',)))
    >>> suggest_groups("")
    ()
    """
    text = _key(idea)
    found = []
    for g in groups():
        hits = tuple(k for k in g.keywords if re.search(rf"(?<![\w-]){re.escape(k)}", text))
        if hits:
            found.append((g.group_id, hits))
    order = {g.group_id: i for i, g in enumerate(groups())}
    found.sort(key=lambda pair: (-len(pair[1]), order[pair[0]]))
    return tuple(found)


def link_ideas(diagram: DriverDiagram) -> pd.DataFrame:
    """One row per change idea: its drivers and the change-concept groups it may use.

    Columns: ``idea`` (id), ``change idea``, ``secondary driver``, ``primary driver``,
    ``suggested groups`` (titles, or "-" when no keyword matched) and ``because of``
    (the matched words, so the suggestion can be checked).

    >>> d = DriverDiagram.from_dict({"aim": "More BP checks", "drivers": {
    ...     "Patients are invited": {"Recall is reliable": ["Text reminder a week before"]}}})
    >>> link_ideas(d).iloc[0].tolist()
    ['C1', 'Text reminder a week before', 'Recall is reliable', 'Patients are invited', 'Design systems to avoid mistakes', 'remind']
    """  # noqa: E501
    titles = {g.group_id: g.title for g in groups()}
    rows = []
    for node in diagram.nodes:
        if node.kind != "change_idea":
            continue
        parent = _node_or_none(diagram, node.parent_id)
        primary = parent
        if parent is not None and parent.kind == "secondary":
            primary = _node_or_none(diagram, parent.parent_id)
        suggestions = suggest_groups(node.text)
        rows.append(
            {
                "idea": node.node_id,
                "change idea": node.text,
                "secondary driver": parent.text if parent and parent.kind == "secondary" else "",
                "primary driver": primary.text if primary and primary.kind == "primary" else "",
                "suggested groups": "; ".join(titles[g] for g, _ in suggestions) or "-",
                "because of": "; ".join(", ".join(words) for _, words in suggestions),
            }
        )
    columns = ["idea", "change idea", "secondary driver", "primary driver",
               "suggested groups", "because of"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def concept_matrix(diagram: DriverDiagram) -> pd.DataFrame:
    """Change ideas (rows, by id) against the nine groups (columns A-I): True where
    :func:`suggest_groups` suggests the group; the first column is the idea's text.

    >>> d = DriverDiagram.from_dict({"aim": "More BP checks", "drivers": {
    ...     "Patients are invited": {"Recall is reliable": ["Text reminder a week before"]}}})
    >>> m = concept_matrix(d)
    >>> m.index.tolist(), [g for g in "ABCDEFGHI" if m.loc["C1", g]]
    (['C1'], ['H'])
    """
    letters = [g.group_id for g in groups()]
    rows = {}
    for node in diagram.nodes:
        if node.kind == "change_idea":
            hit = {g for g, _ in suggest_groups(node.text)}
            rows[node.node_id] = {"change idea": node.text} | {g: g in hit for g in letters}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["change idea", *letters])
    return frame.astype({g: bool for g in letters})


def _node_or_none(diagram: DriverDiagram, node_id: str | None) -> DriverNode | None:
    if node_id is None:
        return None
    try:
        return diagram.node(node_id)
    except (KeyError, ToolkitError):
        return None
