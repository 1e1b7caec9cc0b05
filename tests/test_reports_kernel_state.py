"""kernel_state.reset: user modules go at every reset; a library module's path is resolved once."""

from __future__ import annotations

import sys

import pytest

from qiteach.reports import kernel_state


@pytest.fixture
def user_module(tmp_path, monkeypatch):
    """A module file outside the installed libraries, importable as ``qiteach_probe_user``."""
    (tmp_path / "qiteach_probe_user.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "qiteach_probe_user"
    sys.modules.pop("qiteach_probe_user", None)


def test_library_modules_are_checked_once_and_user_modules_every_time(user_module, monkeypatch):
    sys.modules.pop("qiteach_probe_user", None)
    sys.modules.pop("xml.dom.minidom", None)
    kernel_state.snapshot()
    checked: list[str] = []
    real = kernel_state._is_user_module

    def counting(module, roots):
        checked.append(module.__name__)
        return real(module, roots)

    monkeypatch.setattr(kernel_state, "_is_user_module", counting)
    import xml.dom.minidom  # noqa: F401  # a library (standard library) module, new since

    __import__(user_module)
    kernel_state.reset()
    assert user_module not in sys.modules  # a notebook's own module is dropped
    assert "xml.dom.minidom" in sys.modules  # a library's is kept
    assert {"xml.dom.minidom", user_module} <= set(checked)

    checked.clear()
    __import__(user_module)  # the next notebook imports it again
    kernel_state.reset()
    assert user_module not in sys.modules
    assert user_module in checked
    assert "xml.dom.minidom" not in checked  # known to be a library's: not resolved again


def test_a_module_replaced_under_a_library_name_is_checked_again(user_module, monkeypatch):
    sys.modules.pop("xml.dom.minidom", None)
    kernel_state.snapshot()
    import xml.dom.minidom  # noqa: F401

    kernel_state.reset()
    assert "xml.dom.minidom" in sys.modules
    library = sys.modules["xml.dom.minidom"]
    impostor = __import__(user_module)
    monkeypatch.setitem(sys.modules, "xml.dom.minidom", impostor)  # same name, another module
    kernel_state.reset()
    assert sys.modules.get("xml.dom.minidom") is not impostor
    sys.modules["xml.dom.minidom"] = library
