"""Declarative form specs: the fields of an exercise and how they become its answer.

A :class:`FormSpec` lists the fields a participant fills in (text boxes,
number fields, dropdowns, tick lists, small tables), turns their raw values
into exactly the answer the Python route passes to the exercise's check
function, and calls that check. No ipywidgets here: the spec runs in tests and
under papermill without a browser; :class:`~qiteach.widgets.forms.form.AnswerForm`
draws it.

Raw values are what the controls hold: text for :class:`Text` and
:class:`Number`, the chosen value (``""`` for none) for :class:`Choice`, a
list of chosen values for :class:`Ticks`, and one dict per row for
:class:`Table`. They are what is saved, so a form can be refilled later.

>>> spec = FormSpec(
...     key="demo.capacity", title="How much capacity?",
...     fields=(Number("capacity", "Appointments a day", whole=True),),
...     answer=lambda values, context: number(values["capacity"]),
...     check=lambda answer, context: answer,
... )
>>> spec.to_answer({"capacity": " 55 "}, {})
55
>>> spec.to_answer(spec.blank_values({}), {}) is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Choice",
    "Field",
    "FormSpec",
    "Number",
    "Options",
    "Table",
    "Text",
    "Ticks",
    "describe",
    "number",
    "options_of",
    "rows_or_none",
    "text_or_none",
]

#: Context: the notebook's objects a form needs (``daily=daily``, ``team=my_team``).
Context = Mapping[str, Any]
#: Options: ``(label, value)`` pairs or plain values, or a function of the context giving them.
Options = Sequence[Any] | Callable[[Context], Sequence[Any]]


def options_of(options: Options, context: Context) -> list[tuple[str, str]]:
    """The ``(label, value)`` pairs of ``options`` for this context.

    >>> options_of(["aim", ("a measure", "measure")], {})
    [('aim', 'aim'), ('a measure', 'measure')]
    """
    items = options(context) if callable(options) else options
    out = []
    for item in items:
        if isinstance(item, tuple):
            out.append((str(item[0]), str(item[1])))
        else:
            out.append((str(item), str(item)))
    return out


@dataclass(frozen=True, slots=True)
class Text:
    """A text box (``lines`` > 1: a taller box for a sentence or two)."""

    name: str
    label: str
    placeholder: str = ""
    lines: int = 1

    def blank(self, context: Context) -> Any:
        return ""


@dataclass(frozen=True, slots=True)
class Number:
    """A number typed as text (blank means "not answered"; see :func:`number`)."""

    name: str
    label: str
    placeholder: str = ""
    whole: bool = False

    def blank(self, context: Context) -> Any:
        return ""


@dataclass(frozen=True, slots=True)
class Choice:
    """A dropdown; its first entry is "choose ..." (value ``""``)."""

    name: str
    label: str
    options: Options = ()
    prompt: str = "choose ..."

    def blank(self, context: Context) -> Any:
        return ""


@dataclass(frozen=True, slots=True)
class Ticks:
    """A list of tick boxes; the value is the list of ticked values, in option order."""

    name: str
    label: str
    options: Options = ()

    def blank(self, context: Context) -> Any:
        return []


@dataclass(frozen=True, slots=True)
class Table:
    """A small table: one row per ``rows`` entry (``(key, label)`` pairs, or a count of
    blank rows), one control per column (:class:`Text`, :class:`Number` or :class:`Choice`).

    The value is a list of dicts, one per row, from column name to raw value
    (plus ``"row"``: the row's key).
    """

    name: str
    label: str
    columns: tuple[Text | Number | Choice, ...]
    rows: Options | int = 3

    def row_keys(self, context: Context) -> list[tuple[str, str]]:
        if isinstance(self.rows, int):
            return [(str(i), "") for i in range(1, self.rows + 1)]
        return [(value, label) for label, value in options_of(self.rows, context)]

    def blank(self, context: Context) -> Any:
        return [
            {"row": key, **{c.name: c.blank(context) for c in self.columns}}
            for key, _ in self.row_keys(context)
        ]


Field = Text | Number | Choice | Ticks | Table


@dataclass(frozen=True)
class FormSpec:
    """One exercise's form.

    ``answer(values, context)`` turns the raw values into the answer the Python
    route gives the check (``None`` when nothing is filled in);
    ``check(answer, context)`` calls the exercise's own check function;
    ``understood(answer, values, context)`` says in words what the check was
    given (defaults to :func:`describe`); ``incomplete(values, context)``
    names what a half-filled form still needs (then the check is given
    ``None``, as for a blank cell); ``needs`` names the context objects the
    notebook must pass.
    """

    key: str
    title: str
    fields: tuple[Field, ...]
    answer: Callable[[Mapping[str, Any], Context], Any]
    check: Callable[[Any, Context], Any]
    understood: Callable[[Any, Mapping[str, Any], Context], str | None] | None = None
    incomplete: Callable[[Mapping[str, Any], Context], str | None] | None = None
    intro: str = ""
    needs: tuple[str, ...] = field(default=())
    #: the learning-evidence name of the exercise when it is not the key's (see
    #: :data:`qiteach.workspace.schema.EXERCISES`)
    evidence_name: str = ""

    @property
    def session(self) -> str:
        """The session part of the key (``"session01"`` for ``"session01.aim"``)."""
        return self.key.split(".", 1)[0]

    @property
    def exercise(self) -> str:
        """The exercise's name in ``learning.csv``: the check function's without ``check_``.

        >>> from qiteach.widgets.forms import get_spec
        >>> get_spec("session01.aim").exercise, get_spec("session05.weakest").exercise
        ('aim', 'weakest_principle')
        """
        return self.evidence_name or self.key.split(".", 1)[1]

    def blank_values(self, context: Context) -> dict[str, Any]:
        """Every field empty."""
        return {f.name: f.blank(context) for f in self.fields}

    def to_answer(self, values: Mapping[str, Any], context: Context) -> Any:
        """The answer the check takes, from raw values (missing fields count as blank)."""
        full = self.blank_values(context) | dict(values)
        return self.answer(full, context)

    def run(self, values: Mapping[str, Any], context: Context) -> tuple[Any, Any, str | None]:
        """(answer, feedback, what was understood) for these values."""
        full = self.blank_values(context) | dict(values)
        gap = self.incomplete(full, context) if self.incomplete else None
        if gap:
            return None, self.check(None, context), gap
        answer = self.to_answer(values, context)
        feedback = self.check(answer, context)
        if answer is None:
            return answer, feedback, None
        said = (self.understood or (lambda a, v, c: describe(a)))(answer, full, context)
        return answer, feedback, said


# ------------------------------------------------------------------ helpers for specs
def text_or_none(raw: Any) -> str | None:
    """Trimmed text, or None when blank.

    >>> text_or_none("  Reduce DNAs "), text_or_none("   ")
    ('Reduce DNAs', None)
    """
    text = "" if raw is None else str(raw).strip()
    return text or None


def number(raw: Any) -> Any:
    """A number field's answer: None when blank, an int or float when it reads as one,
    otherwise the text as typed (so the check itself says it is not a number).

    >>> number(""), number("55"), number("0.056"), number("5.0"), number("about 55")
    (None, 55, 0.056, 5.0, 'about 55')
    """
    text = text_or_none(raw)
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def rows_or_none(rows: Sequence[Mapping[str, Any]], *columns: str) -> list[dict[str, Any]]:
    """The table rows with at least one of ``columns`` filled in."""
    return [dict(r) for r in rows if any(text_or_none(r.get(c)) for c in columns)]


def describe(answer: Any) -> str:
    """An answer in plain words, as the form hands it to the check.

    >>> describe({1: "aim", 2: "measure"})
    'I read your answer as: 1: aim; 2: measure.'
    >>> describe(["CI2", "CI5"]), describe([])
    ('I read your answer as: CI2, CI5.', 'I read your answer as: none.')
    """

    def words(value: Any) -> str:
        if isinstance(value, Mapping):
            return "; ".join(f"{k}: {words(v)}" for k, v in value.items()) or "none"
        if isinstance(value, list | tuple):
            return ", ".join(words(v) for v in value) or "none"
        if value is None:
            return "(blank)"
        return str(value)

    return f"I read your answer as: {words(answer)}."
