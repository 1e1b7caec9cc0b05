"""Drop the style rules a page cannot use before it is printed (the PDF looks the same).

A report page carries JupyterLab's whole stylesheet (about 240 KB, from nbconvert's
``lab`` template) but uses about 40 of its classes. Chromium parses and matches every rule
for every PDF (about 0.1 s of CPU each), so :func:`slim_styles` gives the printer a copy of
the page whose ``<style>`` elements keep only the rules that could match it:

- a rule stays when one of its selectors names only classes the page has (classes inside
  ``:not(...)`` are ignored: they make a selector match *more*), or names no class at all
  (``body``, ``table``, ``:root`` with its ``--jp-*`` variables, ``@font-face``);
- ``@media`` and ``@supports`` blocks are slimmed the same way inside; every other
  at-rule (``@keyframes``, ``@page``, ``@import`` ...) stays as it is;
- a selector with ``:is(``, ``:where(``, ``:has(``, nested brackets or an escaped
  character is kept whatever it names (too clever to judge cheaply);
- a custom property (``--jp-icon-add: url(data:...)``: JupyterLab defines about 86 KB of
  them) stays only if the page, a kept rule or another kept property reads it with
  ``var(--name)``.

Nothing else in the page changes, and the browser page the user opens keeps its full
stylesheet; ``tests/test_reports_slim_css.py`` prints pages both ways and compares the
rendered pixels. The stylesheet is parsed once per process (:mod:`tinycss2`, which
nbconvert's HTML sanitiser already brings); each page then costs a set lookup per rule.

>>> page = ('<style>.jp-Toolbar { color: red } .qi-text, .lm-Widget { margin: 0 }'
...         ' p:not(.jp-mod-x) { padding: 0 } @media print { .jp-Cell { x: 1 } }</style>'
...         '<p class="qi-text">Hi</p>')
>>> print(slim_styles(page).replace("} ", "}\\n"))
<style>.qi-text, .lm-Widget { margin: 0 }
p:not(.jp-mod-x) { padding: 0 }
@media print {}</style><p class="qi-text">Hi</p>
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["page_classes", "slim_styles"]

#: a ``<style>`` element; only the tag names ignore case, so the scan can jump from one
#: ``<`` to the next (re.I on the whole pattern made it try every character: 5 ms a page)
_STYLE = re.compile(r"(<(?i:style)[^>]*>)(.*?)(</(?i:style)>)", re.S)
_CLASS_ATTR = re.compile(r"""class=(?:"([^"]*)"|'([^']*)')""")  # a literal start: fast
_CLASS_NAME = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
_NOT = re.compile(r":not\([^()]*\)")  # one level: a nested bracket is kept (see below)
_KEEP_ALWAYS = re.compile(r":is\(|:where\(|:has\(|\\|\([^()]*\(")
_NESTED = frozenset({"media", "supports"})
_VAR = re.compile(r"var\(\s*--([_a-zA-Z0-9-]+)")

#: One parsed item: ("rule", classes each selector needs, text), ("vars", classes each
#: selector needs, prelude, other declarations, ((name, text, names it reads), ...)),
#: ("nest", prelude, items) or ("keep", text).
_Item = tuple[Any, ...]


def page_classes(html: str) -> frozenset[str]:
    """Every class name the page's elements carry.

    >>> sorted(page_classes('<div class="a b"><p class=\\'c\\'>x</p></div>'))
    ['a', 'b', 'c']
    """
    names: set[str] = set()
    for found in _CLASS_ATTR.finditer(html):
        names.update((found.group(1) or found.group(2) or "").split())
    return frozenset(names)


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside brackets).

    >>> _selectors("a, p:not(.x, .y), .z")
    ['a', ' p:not(.x, .y)', ' .z']
    """
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    return [*parts, prelude[start:]]


def _needs(selector: str) -> frozenset[str] | None:
    """The classes a selector needs, or None when it must be kept whatever the page has."""
    if _KEEP_ALWAYS.search(selector):
        return None
    return frozenset(_CLASS_NAME.findall(_NOT.sub("", selector)))


@lru_cache(maxsize=16)
def _parse(css: str) -> tuple[_Item, ...]:
    import tinycss2

    return tuple(_items(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)))


def _items(nodes: list[Any]) -> list[_Item]:
    import tinycss2

    items: list[_Item] = []
    for node in nodes:
        if node.type == "qualified-rule":
            prelude = tinycss2.serialize(node.prelude).strip()
            needs = tuple(_needs(s) for s in _selectors(prelude))
            text = node.serialize()
            if "--" not in text:
                items.append(("rule", needs, text))
                continue
            plain: list[str] = []
            custom: list[tuple[str, str, frozenset[str]]] = []
            for decl in tinycss2.parse_blocks_contents(
                node.content, skip_comments=True, skip_whitespace=True
            ):
                if decl.type != "declaration":  # nested rules and the like: keep it whole
                    plain, custom = [text], []
                    break
                said = f"{decl.name}:{tinycss2.serialize(decl.value).strip()}"
                said += " !important;" if decl.important else ";"
                if decl.name.startswith("--"):
                    custom.append((decl.name[2:], said, frozenset(_VAR.findall(said))))
                else:
                    plain.append(said)
            if not custom:
                items.append(("rule", needs, text))
            else:
                items.append(("vars", needs, prelude, " ".join(plain), tuple(custom)))
        elif node.type == "at-rule" and node.lower_at_keyword in _NESTED and node.content:
            inner = tinycss2.parse_blocks_contents(
                node.content, skip_comments=True, skip_whitespace=True
            )
            prelude = f"@{node.at_keyword}{tinycss2.serialize(node.prelude)}"
            items.append(("nest", prelude.rstrip(), tuple(_items(inner))))
        elif node.type in ("at-rule", "qualified-rule"):
            items.append(("keep", node.serialize()))
    return items


def _kept(items: tuple[_Item, ...], classes: frozenset[str], used: set[str]) -> list[str]:
    """The kept text of ``items``; custom properties only if named in ``used``."""
    out = []
    for item in items:
        kind = item[0]
        if kind in ("rule", "vars") and not any(n is None or n <= classes for n in item[1]):
            continue
        if kind == "rule":
            out.append(item[2])
        elif kind == "vars":
            kept = [said for name, said, _reads in item[4] if name in used]
            body = " ".join(x for x in (item[3], *kept) if x)
            if body:
                out.append(f"{item[2]} {{{body}}}")
        elif kind == "nest":
            out.append(f"{item[1]} {{{' '.join(_kept(item[2], classes, used))}}}")
        else:
            out.append(item[1])
    return out


def _custom(items: tuple[_Item, ...], classes: frozenset[str]) -> dict[str, set[str]]:
    """Every custom property a kept rule defines, with the properties its value reads."""
    found: dict[str, set[str]] = {}
    for item in items:
        if item[0] == "vars" and any(n is None or n <= classes for n in item[1]):
            for name, _said, reads in item[4]:
                found.setdefault(name, set()).update(reads)
        elif item[0] == "nest":
            for name, reads in _custom(item[2], classes).items():
                found.setdefault(name, set()).update(reads)
    return found


def _used(html: str, sheets: list[tuple[_Item, ...]], classes: frozenset[str]) -> set[str]:
    """The custom properties the page can read: from the page, kept rules, and each other."""
    defined: dict[str, set[str]] = {}
    for items in sheets:
        for name, reads in _custom(items, classes).items():
            defined.setdefault(name, set()).update(reads)
    plain = " ".join(" ".join(_kept(items, classes, set())) for items in sheets)
    todo = set(_VAR.findall(html)) | set(_VAR.findall(plain))
    used: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in used:
            used.add(name)
            todo |= defined.get(name, set()) - used
    return used


@lru_cache(maxsize=64)
def _slimmed(
    sheets: tuple[str, ...], classes: frozenset[str], inline: frozenset[str]
) -> tuple[str, ...]:
    """Each style sheet's kept text, for pages with these classes and inline ``var()`` reads.

    Cached: a batch's pages share their style sheets and, mostly, their classes.
    """
    parsed = [_parse(css) for css in sheets]
    used = _used(" ".join(f"var(--{name})" for name in inline), parsed, classes)
    return tuple(" ".join(_kept(items, classes, used)) for items in parsed)


def slim_styles(html: str) -> str:
    """``html`` with each ``<style>`` keeping only the rules that can match the page."""
    found = list(_STYLE.finditer(html))
    if not found:
        return html
    outside, start = [], 0  # the page's text before, between and after its style elements
    for f in found:
        outside.append(html[start : f.start()])
        start = f.end()
    outside.append(html[start:])
    inline = frozenset(_VAR.findall("".join(outside)))
    kept = _slimmed(tuple(f.group(2) for f in found), page_classes(html), inline)
    parts = [outside[0]]
    for f, css, after in zip(found, kept, outside[1:], strict=True):
        parts += [f.group(1), css, f.group(3), after]
    return "".join(parts)
