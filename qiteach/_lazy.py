"""Module-level ``__getattr__`` for packages that import their public names on first use.

>>> getattr_ = lazy_getattr("qiteach", {"InputError": "qiteach.exceptions"})
>>> getattr_("InputError").__name__
'InputError'
>>> getattr_("nope")
Traceback (most recent call last):
...
AttributeError: module 'qiteach' has no attribute 'nope'
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Collection, Mapping
from typing import Any

__all__ = ["lazy_getattr"]


def lazy_getattr(
    module_name: str, mapping: Mapping[str, str], *, submodules: Collection[str] = ()
) -> Callable[[str], Any]:
    """A ``__getattr__`` for ``module_name``: ``mapping`` is public name -> defining module.

    A name is imported on first use and cached in the package namespace, so later lookups
    skip ``__getattr__``; names in ``submodules`` import ``module_name.<name>``.
    """

    def __getattr__(name: str) -> Any:
        if name in submodules:
            return importlib.import_module(f"{module_name}.{name}")
        module = mapping.get(name)
        if module is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[module_name], name, value)
        return value

    return __getattr__
