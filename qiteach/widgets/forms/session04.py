"""Forms for session 4."""

from qiteach.widgets.forms.spec import FormSpec

SPECS: tuple[FormSpec, ...] = ()
