"""Forms for session 3."""

from qiteach.widgets.forms.spec import FormSpec

SPECS: tuple[FormSpec, ...] = ()
