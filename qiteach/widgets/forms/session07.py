"""Forms for session 7."""

from qiteach.widgets.forms.spec import FormSpec

SPECS: tuple[FormSpec, ...] = ()
