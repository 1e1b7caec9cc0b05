"""Self-check exercises for the learning-session notebooks.

Each check takes the participant's answer (``None`` while unanswered) and
returns a :class:`~qiteach.exercises.feedback.Feedback` with specific feedback
and hints.
"""

from __future__ import annotations

from qiteach.exercises.feedback import Feedback, is_blank

__all__ = ["Feedback", "is_blank"]
