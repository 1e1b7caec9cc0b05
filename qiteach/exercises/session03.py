"""Session 3 self-checks: driver diagrams and change ideas.

Five exercises: sort statements into aim / primary driver / secondary driver /
change idea (:func:`check_levels`), build a small driver diagram
(:func:`check_driver_diagram`, with :func:`diagram_advice` shared with the
interactive builder), find the change ideas the team has not tested yet
(:func:`check_untested`), ask 5 whys of a hypertension problem
(:func:`check_five_whys`), and choose how far to involve patients in three
decisions (:func:`check_involvement`).

>>> print(check_levels(None))
[not answered yet] Fill in my_levels: a dict like {"A": "aim", "B": "primary", ...}.
>>> print(check_levels(dict(LEVEL_ANSWERS)).message)
All 6 statements are in the right column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from qiteach.drivers import DriverDiagram
from qiteach.exceptions import ToolkitError
from qiteach.exercises.feedback import Feedback, as_list, is_blank, list_expected
from qiteach.tools.five_whys import FiveWhys
from qiteach.tools.involvement import LADDER, rung
from qiteach.wording import action_not_factor, closest, nonsense, outcome_not_action

__all__ = [
    "FIVE_WHYS_PROBLEM",
    "INVOLVEMENT_ANSWERS",
    "INVOLVEMENT_SCENARIOS",
    "LEVEL_ANSWERS",
    "LEVEL_STATEMENTS",
    "check_driver_diagram",
    "check_five_whys",
    "check_involvement",
    "check_levels",
    "check_untested",
    "diagram_advice",
    "untested_change_ideas",
]

#: statements for the sorting exercise (a DNA project any practice recognises)
LEVEL_STATEMENTS: dict[str, str] = {
    "A": "Reduce the DNA rate for booked GP appointments from 8% to 5% by 31 March 2027",
    "B": "Patients remember their appointment",
    "C": "Send an SMS reminder 24 hours before every appointment",
    "D": "Reminders reach patients at the right time",
    "E": "Patients can cancel easily",
    "F": "Let patients cancel by replying CANCEL to the reminder",
}
#: where each statement belongs (the model answer, explained in the notebook)
LEVEL_ANSWERS: dict[str, str] = {
    "A": "aim",
    "B": "primary",
    "C": "change_idea",
    "D": "secondary",
    "E": "primary",
    "F": "change_idea",
}
_LEVEL_WORDS = {
    "aim": "aim",
    "primary": "primary",
    "primary driver": "primary",
    "pd": "primary",
    "p": "primary",
    "secondary": "secondary",
    "secondary driver": "secondary",
    "sd": "secondary",
    "s": "secondary",
    "change idea": "change_idea",
    "change_idea": "change_idea",
    "change": "change_idea",
    "ci": "change_idea",
    "idea": "change_idea",
    "intervention": "change_idea",
}
_WHY = {
    "aim": "it says what will improve, how much and by when",
    "primary": "it is a big area that must change for the aim to be met",
    "secondary": "it is a more specific condition under a primary driver",
    "change_idea": "it is something concrete you can do and test in a PDSA cycle",
}


def check_levels(answer: Mapping[str, str] | None) -> Feedback:
    """Check the sorting of :data:`LEVEL_STATEMENTS` into diagram levels.

    >>> fb = check_levels({"A": "aim", "B": "primary", "C": "secondary", "D": "secondary",
    ...                    "E": "primary", "F": "change idea"})
    >>> fb.correct, fb.message
    (False, '5 of 6 statements are in the right column.')
    >>> print(fb.details[0])
    C "Send an SMS reminder 24 hours before every appointment": you said secondary; it is a
    change idea, because it is something concrete you can do and test in a PDSA cycle.
    """
    if is_blank(answer):
        return Feedback.not_answered(
            'Fill in my_levels: a dict like {"A": "aim", "B": "primary", ...}.'
        )
    if not isinstance(answer, Mapping):
        return Feedback(
            False,
            "Give one level per letter, as a dict.",
            hints=('Copy the shape: {"A": "aim", "B": "primary", "C": "change idea", ...}',),
        )
    details, unknown, missing = [], [], []
    right = 0
    for key, expected in LEVEL_ANSWERS.items():
        given = answer.get(key, answer.get(key.lower()))
        if is_blank(given):
            missing.append(key)
            continue
        words = " ".join(re.findall(r"[a-z]+", str(given).lower()))  # "Change-ideas." too
        level = (
            _LEVEL_WORDS.get(words)
            or _LEVEL_WORDS.get(words.removesuffix("s"))
            or closest(words.removesuffix("s"), _LEVEL_WORDS)
        )
        if level is None:
            unknown.append(f"{key}: {given!r}")
        elif level == expected:
            right += 1
        else:
            details.append(
                f'{key} "{LEVEL_STATEMENTS[key]}": you said {level.replace("_", " ")}; it is '
                f"{'an' if expected == 'aim' else 'a'} {expected.replace('_', ' ')}, "
                f"because {_WHY[expected]}."
            )
    hints = []
    if missing:
        hints.append(f"Still to sort: {', '.join(missing)}.")
    if unknown:
        hints.append(f"Use aim, primary, secondary or change idea (not {', '.join(unknown)}).")
    if details:
        hints.append("Ask 'can we test this next week?' - if yes, it is a change idea.")
    total = len(LEVEL_ANSWERS)
    ok = right == total
    message = (
        f"All {total} statements are in the right column."
        if ok
        else f"{right} of {total} statements are in the right column."
    )
    return Feedback(ok, message, tuple(details), tuple(hints))


#: an example of each piece of an aim, for the advice on what an aim lacks
_AIM_EXAMPLES = {
    "what": "Reduce the DNA rate",
    "for whom": "for patients at Elm Surgery",
    "how much": "from 8% to 5%",
    "by when": "by 31 March 2027",
}


def diagram_advice(diagram: DriverDiagram) -> list[str]:
    """Suggestions beyond the structural problems: IHI's 2-5 primary drivers, empty
    branches, and what the aim still lacks (via :func:`qiteach.aims.check_aim`).

    >>> d = DriverDiagram.from_dict({"aim": "Fewer DNAs", "drivers": {
    ...     "Patients remember": {"Reminders": ["SMS"]}, "Easy to cancel": {}}})
    >>> for line in diagram_advice(d):
    ...     print(line)
    The aim is missing for whom, how much and by when (e.g. "for patients at Elm Surgery from
    8% to 5% by 31 March 2027").
    P2 "Easy to cancel" has no secondary drivers or change ideas yet.
    """
    from qiteach.aims import check_aim

    out: list[str] = []
    if diagram.aim:
        aim = check_aim(diagram.aim)
        lacking = [
            name
            for name, has in (
                ("what", aim.has_what),
                ("for whom", aim.has_who),
                ("how much", aim.has_how_much),
                ("by when", aim.has_by_when),
            )
            if not has
        ]
        if lacking:
            if len(lacking) > 1:
                text = ", ".join(lacking[:-1]) + " and " + lacking[-1]
            else:
                text = lacking[0]
            examples = " ".join(_AIM_EXAMPLES[name] for name in lacking)
            out.append(f'The aim is missing {text} (e.g. "{examples}").')
        out += [f"The aim: {p}" for p in aim.problems]
    for node in diagram.nodes:
        junk = nonsense(node.text)
        if junk:
            out.append(f"{node.node_id}: {junk}")
        elif node.kind in ("primary", "secondary"):
            action = action_not_factor(node.text)
            if action:
                out.append(f"{node.node_id} ({node.kind} driver): {action}")
        elif node.kind == "change_idea":
            outcome = outcome_not_action(node.text)
            if outcome:
                out.append(f"{node.node_id} (change idea): {outcome}")
    primaries = diagram.primaries
    if 0 < len(primaries) < 2:
        out.append("Only 1 primary driver: most aims need 2-5 big areas of influence.")
    elif len(primaries) > 5:
        out.append(
            f"{len(primaries)} primary drivers: IHI suggests 2-5; can some be grouped "
            "as secondary drivers?"
        )
    for node in diagram.nodes:
        below = diagram.children(node.node_id)
        if node.kind == "primary" and not below:
            out.append(
                f'{node.node_id} "{node.text}" has no secondary drivers or change ideas yet.'
            )
        elif node.kind == "secondary" and not below:
            out.append(
                f'{node.node_id} "{node.text}" has no change ideas yet: what could you test?'
            )
    return out


def _as_diagram(answer: Any) -> DriverDiagram:
    if isinstance(answer, DriverDiagram):
        return answer
    if isinstance(answer, Mapping):
        return DriverDiagram.from_dict(answer, validate=False)
    raise ToolkitError(
        f"expected a DriverDiagram or a dict, got {type(answer).__name__}",
        fix='write {"aim": "...", "drivers": {"primary": {"secondary": ["change idea"]}}}',
    )


def check_driver_diagram(answer: DriverDiagram | Mapping[str, Any] | None) -> Feedback:
    """Check a driver diagram the participant wrote (a DriverDiagram or the short dict).

    >>> fb = check_driver_diagram({"aim": "Increase calls answered within 2 minutes from 45% "
    ...     "to 80% for patients of Meadow Lane by March 2026", "drivers": {
    ...     "Enough staff at peak times": {"Rota matches demand": ["Two admin staff on phones"]},
    ...     "Fewer calls needed": {"Other routes": ["Online form link in hold message"]}}})
    >>> fb.correct, fb.message
    (True, 'A sound driver diagram: 2 primary drivers, 2 secondary drivers, 2 change ideas.')
    """
    if is_blank(answer):
        return Feedback.not_answered(
            'Write my_diagram as {"aim": ..., "drivers": {primary: {secondary: [change ideas]}}}.'
        )
    try:
        diagram = _as_diagram(answer)
    except ToolkitError as exc:
        return Feedback(False, str(exc), hints=("Copy the example's shape and change the words.",))
    counts = {k: sum(n.kind == k for n in diagram.nodes) for k in ("primary", "secondary")}
    ideas = sum(n.kind == "change_idea" for n in diagram.nodes)
    shape = (
        f"{counts['primary']} primary driver{'s' if counts['primary'] != 1 else ''}, "
        f"{counts['secondary']} secondary driver{'s' if counts['secondary'] != 1 else ''}, "
        f"{ideas} change idea{'s' if ideas != 1 else ''}"
    )
    problems = [str(p) for p in diagram.problems()]
    advice = diagram_advice(diagram)
    if problems:
        return Feedback(
            False,
            f"The diagram has {len(problems)} problem{'s' if len(problems) != 1 else ''} to fix "
            f"({shape}).",
            tuple(problems + advice),
            ("Each box hangs off the level to its left: aim -> primary -> secondary -> idea.",),
        )
    if advice:
        return Feedback(
            False,
            f"Nearly there ({shape}); a few things to strengthen.",
            tuple(advice),
            ("A good diagram has 2-5 primary drivers and every branch ends in a change idea.",),
        )
    return Feedback(True, f"A sound driver diagram: {shape}.")


def untested_change_ideas(diagram: DriverDiagram) -> list[str]:
    """Ids of change ideas no PDSA cycle has tested (use ``with_pdsa_counts`` first).

    >>> d = DriverDiagram.from_dict({"aim": "Fewer DNAs", "drivers": {"R": {"S": ["a", "b"]}}})
    >>> untested_change_ideas(d.with_pdsa_counts(["C1"]))
    ['C2']
    """
    return [n.node_id for n in diagram.nodes if n.kind == "change_idea" and not n.tested]


def _ids(answer: Iterable[Any] | str) -> list[str]:
    if isinstance(answer, str):
        answer = answer.replace(",", " ").split()
    return [str(a).strip().upper() for a in answer if str(a).strip()]


def check_untested(answer: Iterable[str] | str | None, diagram: DriverDiagram) -> Feedback:
    """Check the list of untested change ideas against the team's diagram and PDSA log.

    >>> d = DriverDiagram.from_dict({"aim": "Fewer DNAs", "drivers": {"R": {"S": ["a", "b"]}}})
    >>> d = d.with_pdsa_counts(["C1"])
    >>> print(check_untested(["C1", "C2"], d))
    [not quite] You found 1 of the 1 untested change ideas.
      - C1 "a" has been tested: 1 PDSA cycle.
      hint: Untested change ideas have no orange PDSA badge on the diagram.
    """
    if is_blank(answer):
        return Feedback.not_answered(
            'List the change-idea ids, e.g. ["CI2", "CI5"] (or [] if none).'
        )
    if as_list(answer) is None:
        return list_expected(answer, '["CI2", "CI5"], or [] if every idea has been tested')
    if not any(n.kind == "change_idea" for n in diagram.nodes):
        return Feedback.not_answered(
            "Your diagram has no change ideas yet: add some with the builder, then come back."
        )
    given = _ids(answer)  # type: ignore[arg-type]
    upper = {n.node_id.upper(): n for n in diagram.nodes}
    wanted = untested_change_ideas(diagram)
    found = [i for i in wanted if i.upper() in given]
    details = []
    for gid in given:
        node = upper.get(gid)
        if node is None:
            details.append(f"{gid} is not a box in your driver diagram.")
        elif node.kind != "change_idea":
            details.append(
                f'{node.node_id} "{node.text}" is a {node.kind} driver, not a change idea.'
            )
        elif node.tested:
            n = node.pdsa_count
            cycles = f"{n} PDSA cycle{'s' if n != 1 else ''}"
            details.append(f'{node.node_id} "{node.text}" has been tested: {cycles}.')
    missed = [i for i in wanted if i.upper() not in given]
    if missed:
        n = len(missed)
        details.append(
            f"{n} more untested change idea{'s are' if n != 1 else ' is'} still to find: "
            "look for boxes in the last column with no PDSA badge."
        )
    ok = not missed and not details
    if not wanted and ok:
        return Feedback(True, "Right: every change idea in your diagram has been tested.")
    message = (
        f"Right: {len(wanted)} change idea{'s have' if len(wanted) != 1 else ' has'} not been "
        f"tested yet ({', '.join(wanted)})."
        if ok
        else f"You found {len(found)} of the {len(wanted)} untested change ideas."
    )
    hints: tuple[str, ...] = ("Untested change ideas have no orange PDSA badge on the diagram.",)
    if ok:
        strong = [i for i in wanted if diagram.node(i).link == "strong"]
        hints = (
            (f"Strong links with no test yet ({', '.join(strong)}) are the first candidates "
             "for your next PDSA cycle.",)
            if strong
            else ("All of these hang on weak links: test one small to learn whether the link "
                  "is real, or drop it from the diagram.",)
        )  # fmt: skip
    return Feedback(ok, message, tuple(details), hints)


# ------------------------------------------------------------------ exercise 4: 5 whys
#: the problem the 5-whys exercise starts from (a hypertension recall any practice knows)
FIVE_WHYS_PROBLEM = (
    "A third of patients on the hypertension register at Elm Surgery have had no blood "
    "pressure reading in the last 12 months"
)
_YES = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}


def _can_act(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    return _YES.get(" ".join(str(value or "").lower().split()))


def check_five_whys(answer: Mapping[str, Any] | Iterable[str] | None) -> Feedback:
    """Check a 5-whys chain for :data:`FIVE_WHYS_PROBLEM`: ``{"whys": [why 1, why 2, ...],
    "can_act": "yes"}`` (a plain list of answers is read as the whys).

    >>> fb = check_five_whys({"whys": ["They were not invited for a check",
    ...     "The recall search misses them", "Their review date was never set",
    ...     "The coding template has no review-date step"], "can_act": "yes"})
    >>> fb.correct, fb.message
    (True, 'A chain of 4 whys ending at a cause your team can act on: "The coding template has no review-date step".')
    >>> fb = check_five_whys({"whys": ["Patients have had no blood pressure reading",
    ...     "Patients are lazy"], "can_act": "yes"})
    >>> fb.correct, fb.message
    (False, 'The chain has 3 things to strengthen.')
    >>> print(fb.details[0])
    Why 1 restates the problem: ask why it happens, not what happens.
    """  # noqa: E501
    how = 'Fill in my_whys: {"whys": ["because ...", "because ...", ...], "can_act": "yes"}.'
    if is_blank(answer) or (isinstance(answer, Mapping) and is_blank(answer.get("whys"))):
        return Feedback.not_answered(how)
    if isinstance(answer, Mapping):
        whys, can_act = answer.get("whys"), _can_act(answer.get("can_act"))
    else:
        whys, can_act = answer, None
    if isinstance(whys, str) or as_list(whys) is None:
        return list_expected(whys, '["They were not invited", "The recall search misses them"]')
    chain = FiveWhys.from_answers(FIVE_WHYS_PROBLEM, list(whys))  # type: ignore[arg-type]
    if chain.answered == 0:
        return Feedback.not_answered(how)
    problems = chain.problems(can_act=can_act)
    hints = ["After each answer ask: why does that happen? Stop at a cause you could change."]
    if can_act is None and not problems:
        return Feedback(
            False,
            f"A chain of {chain.answered} whys; say whether your team can act on the last one.",
            hints=('Set "can_act" to "yes" or "no" (in the form: the last question).',),
        )
    if problems:
        n = len(problems)
        return Feedback(
            False,
            f"The chain has {n} thing{'s' if n != 1 else ''} to strengthen.",
            tuple(problems),
            tuple(hints),
        )
    return Feedback(
        True,
        f"A chain of {chain.answered} whys ending at a cause your team can act on: "
        f'"{chain.root_cause}".',
        hints=("Turn the root cause into a change idea and hang it on your driver diagram.",),
    )


# ------------------------------------------------------------------ exercise 5: involving patients
#: three decisions in a diabetes and hypertension project, for choosing a rung of the ladder
INVOLVEMENT_SCENARIOS: dict[str, str] = {
    "1": "The diabetes clinic moves from Tuesday morning to Thursday evening next month "
    "(already decided, because the nurse's hours changed): patients need to know.",
    "2": "The team has drafted a new hypertension recall letter and wants to know, before "
    "sending it, whether patients understand it and would book.",
    "3": "The team wants to redesign the diabetes annual review: two patients join the project "
    "team, share their experience of reviews and test the changes with staff.",
}
#: the rungs that fit each scenario (first: the best fit) and why
INVOLVEMENT_ANSWERS: dict[str, tuple[tuple[str, ...], str]] = {
    "1": (("informing",), "the decision is made; patients need clear notice in good time"),
    "2": (
        ("consulting", "involving"),
        "patients' views on a draft shape the letter before the team decides",
    ),
    "3": (
        ("collaborating",),
        "patients and staff design and test the changes together: co-design",
    ),
}


def check_involvement(answer: Mapping[str, str] | None) -> Feedback:
    """Check the rung of the ladder of engagement chosen for each of
    :data:`INVOLVEMENT_SCENARIOS`.

    >>> print(check_involvement({"1": "informing", "2": "consulting", "3": "collaborating"}))
    [correct] All 3 decisions are on a rung that fits.
    >>> fb = check_involvement({"1": "informing", "2": "consulting", "3": "consulting"})
    >>> fb.correct, fb.message
    (False, '2 of 3 decisions are on a rung that fits.')
    >>> print(fb.details[0])
    Scenario 3: consulting is too low; collaborating fits, because patients and staff design and
    test the changes together: co-design.
    """
    if is_blank(answer):
        return Feedback.not_answered(
            'Fill in my_involvement: {"1": "informing", "2": ..., "3": ...}.'
        )
    if not isinstance(answer, Mapping):
        return Feedback(
            False,
            "Give one rung per scenario, as a dict.",
            hints=('Copy the shape: {"1": "informing", "2": "consulting", "3": "involving"}',),
        )
    names = [r.level for r in LADDER]
    right, details, missing, unknown = 0, [], [], []
    for number, (fits, why) in INVOLVEMENT_ANSWERS.items():
        given = answer.get(number, answer.get(int(number)))  # type: ignore[call-overload]
        if is_blank(given):
            missing.append(number)
            continue
        chosen = rung(given)
        if chosen is None:
            unknown.append(f"{number}: {given!r}")
            continue
        if names[chosen - 1] in fits:
            right += 1
            continue
        best = rung(fits[0]) or 0
        direction = "too low" if chosen < best else "higher than this decision needs"
        details.append(
            f"Scenario {number}: {names[chosen - 1]} is {direction}; {fits[0]} fits, because {why}."
        )
    hints = []
    if missing:
        hints.append(f"Still to choose: scenario {', '.join(missing)}.")
    if unknown:
        hints.append(f"Use a rung of the ladder: {', '.join(names)} (not {', '.join(unknown)}).")
    if details:
        hints.append("Ask: who makes the decision, and has it been made already?")
    total = len(INVOLVEMENT_ANSWERS)
    ok = right == total
    message = (
        f"All {total} decisions are on a rung that fits."
        if ok
        else f"{right} of {total} decisions are on a rung that fits."
    )
    return Feedback(ok, message, tuple(details), tuple(hints))
