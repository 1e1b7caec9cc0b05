"""Forms for session 6."""

from qiteach.widgets.forms.spec import FormSpec

SPECS: tuple[FormSpec, ...] = ()
