"""Feedback for self-check exercises: specific, friendly, never just right/wrong.

Every check function in :mod:`qiteach.exercises` returns a :class:`Feedback`.
It prints as plain text (terminals, nbval) and renders as Markdown in Jupyter.

>>> fb = Feedback.not_answered("Write your aim as text between quotes.")
>>> print(fb)
[not answered yet] Write your aim as text between quotes.
>>> fb = Feedback(True, "Well done: your aim has a number and a date.",
...               hints=("Could you name the practice too?",))
>>> print(fb)
[correct] Well done: your aim has a number and a date.
  hint: Could you name the practice too?
>>> fb.passed
True
>>> print(fb._repr_markdown_())
*Correct:* **Well done: your aim has a number and a date.**
<BLANKLINE>
<BLANKLINE>
> *Hint:* Could you name the practice too?
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Feedback", "as_list", "is_blank", "list_expected"]

_LABELS = {True: "correct", False: "not quite", None: "not answered yet"}


@dataclass(frozen=True, slots=True)
class Feedback:
    """The result of a self-check.

    ``correct`` is True (right), False (not yet: see the messages and hints) or
    None (nothing answered yet). ``details`` explain what was found; ``hints``
    nudge without giving the answer away.
    """

    correct: bool | None
    message: str
    details: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()

    @classmethod
    def not_answered(cls, how: str) -> Feedback:
        """Feedback for a placeholder (``None`` or ``...``) answer."""
        return cls(None, how)

    @property
    def passed(self) -> bool:
        """True only when the answer is right."""
        return self.correct is True

    def __str__(self) -> str:
        lines = [f"[{_LABELS[self.correct]}] {self.message}"]
        lines += [f"  - {d}" for d in self.details]
        lines += [f"  hint: {h}" for h in self.hints]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        # words, not emoji: an emoji renders as an empty box where no emoji font is installed
        verdict = _LABELS[self.correct].capitalize()
        lines = [f"*{verdict}:* **{html.escape(self.message, quote=False)}**", ""]
        lines += [f"- {html.escape(d, quote=False)}" for d in self.details]
        if self.hints:
            lines += ["", *[f"> *Hint:* {html.escape(h, quote=False)}" for h in self.hints]]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)


def is_blank(answer: object) -> bool:
    """True for the placeholders participant notebooks start with.

    >>> is_blank(None), is_blank(...), is_blank("  "), is_blank(0)
    (True, True, True, False)
    """
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip())


def as_list(answer: object) -> list[object] | None:
    """The items of an answer that should be a list; None when it is not list-like.

    A single text counts as a one-item list; a number, a dict or anything else
    that is not a collection gives None, so the check can say how to write it.

    >>> as_list("CI2"), as_list(("a", "b")), as_list(5), as_list({"a": 1})
    (['CI2'], ['a', 'b'], None, None)
    """
    if isinstance(answer, str):
        return [answer]
    if isinstance(answer, Mapping) or not isinstance(answer, Iterable):
        return None
    return list(answer)


def list_expected(answer: object, example: str) -> Feedback:
    """Feedback for an answer that should have been a list, e.g. ``["CI2", "CI5"]``.

    >>> print(list_expected(5, '["CI2", "CI5"]'))
    [not quite] Give your answer as a list in square brackets, not a number.
      hint: e.g. ["CI2", "CI5"]
    """
    kind = {bool: "True/False", int: "a number", float: "a number", dict: "a dict"}.get(
        type(answer), type(answer).__name__
    )
    return Feedback(
        False,
        f"Give your answer as a list in square brackets, not {kind}.",
        hints=(f"e.g. {example}",),
    )
