"""Forms for session 5."""

from qiteach.widgets.forms.spec import FormSpec

SPECS: tuple[FormSpec, ...] = ()
