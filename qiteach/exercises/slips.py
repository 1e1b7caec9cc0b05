"""Plain-English help for the usual Python slips in exercise cells.

A first-time participant types ``my_bonus = nobody`` (no quotes), pastes
``“nobody”`` from Outlook, forgets a ``}``, or runs one cell after the kernel
restarted. Python answers with a ``SyntaxError`` or ``NameError`` traceback;
:func:`install` registers an IPython custom exception handler (each session's
first cell calls it) that shows one line instead, built by :func:`explain_slip`:

>>> explain_slip(NameError("name 'nobody' is not defined", name="nobody"),
...              "my_bonus = nobody")
'The answer needs quotes around text: my_bonus = "nobody"'
>>> explain_slip(SyntaxError("invalid character '“' (U+201C)"),
...              "my_bonus = “nobody”")
'The curly quotes “ ” came from Word or Outlook: type straight quotes instead: my_bonus = "nobody"'
>>> explain_slip(NameError("name 'days' is not defined", name="days"),
...              "session02.check_capacity(my_capacity, days=days)")
'This cell needs the cells above (they make days): run Run > Run All Above Selected Cell, then this cell again.'

Only slips are explained: an error raised inside library code keeps its
normal traceback, so real bugs stay visible.
"""  # noqa: E501

from __future__ import annotations

import ast
import linecache
import re
from typing import Any

__all__ = ["RUN_ABOVE", "explain_slip", "install", "load_ipython_extension", "uninstall"]

#: What to click in JupyterLab to run every cell above the current one.
RUN_ABOVE = "Run > Run All Above Selected Cell"

_CURLY = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'}
_DASHES = {"–": "-", "—": "-", "−": "-"}
_CLOSE = {"(": ")", "[": "]", "{": "}"}
_ASSIGN = re.compile(r"^(?P<indent>\s*)(?P<name>[A-Za-z_]\w*)\s*=(?!=)\s*(?P<value>.*?)\s*$")
_WORDY_NAME = re.compile(r"^\s*[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)+\s*=(?!=)")
_BOOLS = {"true": "True", "false": "False", "none": "None", "null": "None", "yes": "True"}


def _fix_curly(text: str) -> str:
    for bad, good in _CURLY.items():
        text = text.replace(bad, good)
    return text


def _compiles(source: str) -> bool:
    try:
        compile(source, "<answer>", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def _quoted(text: str) -> str:
    """``text`` as a Python string literal, with the quotes a participant would type."""
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return repr(text)


def _line(source: str, lineno: int | None) -> str:
    lines = source.splitlines()
    if lineno and 1 <= lineno <= len(lines):
        return lines[lineno - 1]
    return lines[-1] if lines else ""


def _quote_whole_value(line: str) -> str | None:
    """``name = some text`` rewritten as ``name = "some text"`` when that is what was meant."""
    match = _ASSIGN.match(line)
    if not match:
        return None
    value = match["value"]
    if not value or value[0] in "\"'([{" or value[0].isdigit() or value[0] in "-+.":
        return None
    fixed = f"{match['indent']}{match['name']} = {_quoted(value)}"
    return fixed.strip() if _compiles(fixed) else None


def _quote_bare_names(line: str, names: set[str]) -> str | None:
    """Quote bare words in a literal answer: ``{1: aim}`` becomes ``{1: "aim"}``.

    Only when everything on the right of ``=`` is literals and bare words, so a
    name used in a calculation (``capacity_for(days)``) is never quoted.
    """
    match = _ASSIGN.match(line)
    if not match:
        return None
    try:
        tree = ast.parse(match["value"], mode="eval")
    except SyntaxError:
        return None
    literal: tuple[type[ast.AST], ...] = (ast.Constant, ast.List, ast.Tuple, ast.Set, ast.Dict)
    literal += (ast.Name, ast.Load, ast.UnaryOp, ast.USub, ast.UAdd)
    nodes = list(ast.walk(tree.body))
    if not all(isinstance(node, literal) for node in nodes):
        return None
    bare = {n.id for n in nodes if isinstance(n, ast.Name)}
    if not bare or not names <= bare:
        return None

    class Quote(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            return ast.copy_location(ast.Constant(node.id), node)

    body = ast.unparse(Quote().visit(tree).body)
    body = re.sub(r"'([^'\"\\]*)'", r'"\1"', body)  # the notebooks write "text"
    return f"{match['name']} = {body}"


def _unclosed(source: str) -> tuple[str, int] | None:
    """The first bracket left open in ``source`` and its line, skipping quoted text.

    >>> _unclosed('x = {1: "a}",\\n  2: ["b"]')
    ('{', 1)
    """
    stack: list[tuple[str, int]] = []
    quote = ""
    for lineno, text in enumerate(source.splitlines(), start=1):
        for ch in text:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif ch in _CLOSE:
                stack.append((ch, lineno))
            elif ch in ")]}" and stack and _CLOSE[stack[-1][0]] == ch:
                stack.pop()
        quote = ""
    return stack[0] if stack else None


def _explain_syntax(exc: SyntaxError, source: str) -> str:
    lineno = exc.lineno
    line = _line(source, lineno)
    where = f" (line {lineno})" if lineno and len(source.splitlines()) > 1 else ""
    msg = str(exc.msg if exc.msg is not None else exc)
    curly = sorted({c for c in source if c in _CURLY}, key=list(_CURLY).index)
    if curly:
        fixed = _fix_curly(line).strip()
        shown = " ".join(curly)
        return (
            f"The curly quotes {shown} came from Word or Outlook: type straight quotes instead"
            + (f": {fixed}" if _compiles(_fix_curly(source)) else f"{where}.")
        )
    dashes = sorted({c for c in line if c in _DASHES})
    if dashes and "invalid character" in msg:
        return (
            f"The dash {' '.join(dashes)} came from Word or Outlook{where}: type a plain minus "
            "sign -, or put the text in quotes."
        )
    if "non-printable character" in msg:
        return (
            f"There is an invisible character{where} (often a non-breaking space pasted from "
            "a web page or Word): delete the spaces on that line and type them again."
        )
    if _WORDY_NAME.match(line):
        name = line.split("=", 1)[0].strip()
        return (
            f"A name cannot have spaces{where} ({name!r}): keep the name as the notebook wrote "
            "it and change only what comes after =."
        )
    quoted = _quote_whole_value(line)
    if quoted:
        return f"The answer needs quotes around text: {quoted}"
    never = re.match(r"'(.)' was never closed", msg)
    if never:
        opener = never[1]
        return (
            f"A {opener} is not closed{where}: add {_CLOSE.get(opener, 'the closing bracket')} "
            "at the end of your answer (every ( [ { needs its ) ] })."
        )
    mismatch = re.match(r"closing parenthesis '(.)' does not match opening parenthesis '(.)'", msg)
    if mismatch:
        close, opener = mismatch[1], mismatch[2]
        return (
            f"A {opener} is closed with {close}{where}: close {opener} with {_CLOSE[opener]}, "
            "[ with ] and ( with )."
        )
    unmatched = re.match(r"unmatched '(.)'", msg)
    if unmatched:
        return (
            f"There is a {unmatched[1]} with nothing to close{where}: remove it, or add the "
            "opening bracket it belongs to."
        )
    if "unterminated string" in msg or "EOL while scanning" in msg:
        return (
            f"A text has no closing quote{where}: end it with the same quote it starts with "
            "(\"...\" or '...')."
        )
    if "incomplete input" in msg or "unexpected EOF" in msg:
        opener = _unclosed(source)
        if opener:
            return (
                f"A {opener[0]} is not closed (line {opener[1]}): add {_CLOSE[opener[0]]} at the "
                "end of your answer (every ( [ { needs its ) ] })."
            )
        return "The answer stops too early: check every ( [ { and quote is closed."
    if isinstance(exc, IndentationError):
        return (
            f"The spaces at the start of the line are not right{where}: line it up with the "
            "lines above (delete the spaces before the first word)."
        )
    if re.search(r"\d\s*%", line):
        return (
            f"Type the number without the % sign{where}: Python reads % as a sum "
            "(e.g. capacity = 55)."
        )
    if "Maybe you meant '=='" in msg and "{" in line:
        return f'Inside {{ }} write a colon, not ={where}: e.g. {{1: "aim", 2: "measure"}}.'
    if "forgot a comma" in msg:
        return (
            f"Put a comma between the items{where}, and quotes around each text: "
            'e.g. ["first", "second"].'
        )
    return (
        f"Python could not read this cell{where}: {msg}. Check the quotes, brackets and commas "
        "against the example in the cell."
    )


def _explain_name(exc: NameError, source: str, lineno: int | None = None) -> str:
    name = getattr(exc, "name", None) or (re.findall(r"'(\w+)'", str(exc)) or ["?"])[0]
    line = _line(source, lineno) if lineno else ""
    candidates = [line] if line else source.splitlines()
    if name.lower() in _BOOLS and name != _BOOLS[name.lower()]:
        right = _BOOLS[name.lower()]
        if name.lower() in {"yes"}:
            return f'Write True for yes (with a capital T), or put the text in quotes: "{name}".'
        return f"Write {right} with a capital letter: {name} is not a Python word."
    for candidate in candidates:
        fixed = _quote_bare_names(candidate, {name})
        if fixed:
            return f"The answer needs quotes around text: {fixed}"
    return (
        f"This cell needs the cells above (they make {name}): run {RUN_ABOVE}, "
        "then this cell again."
    )


def explain_slip(exc: BaseException, source: str, *, lineno: int | None = None) -> str | None:
    """One plain-English line for a slip in ``source`` (the cell), or None if it is not one.

    ``exc`` is the ``SyntaxError`` (incl. ``IndentationError``) or ``NameError``
    raised; ``lineno`` is the cell line a ``NameError`` was raised on.

    >>> explain_slip(SyntaxError("'{' was never closed", ("c", 1, 8, "", 1, 8)),
    ...              'kinds = {1: "aim", 2: "measure"')
    'A { is not closed: add } at the end of your answer (every ( [ { needs its ) ] }).'
    >>> explain_slip(ValueError("no"), "x = 1") is None
    True
    """
    if isinstance(exc, SyntaxError):
        return _explain_syntax(exc, source)
    if isinstance(exc, NameError):
        return _explain_name(exc, source, lineno)
    return None


# ------------------------------------------------------------------ IPython
def _cell_frame(tb: Any, user_ns: dict[str, Any]) -> tuple[str, int] | None:
    """(filename, line) of the innermost traceback frame that runs the participant's cell."""
    found = None
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_globals is user_ns:
            found = (frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _handler(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None) -> Any:
    """IPython custom exception handler: show a slip as one line, anything else as usual."""
    message = None
    if isinstance(value, SyntaxError):
        filename = value.filename or ""
        source = "".join(linecache.getlines(filename)) or (value.text or "")
        message = explain_slip(value, source)
    elif isinstance(value, NameError):
        cell = _cell_frame(tb, shell.user_ns)
        if cell is not None and tb is not None and _innermost_is_cell(tb, shell.user_ns):
            source = "".join(linecache.getlines(cell[0]))
            message = explain_slip(value, source, lineno=cell[1])
    if message is None:
        stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    else:
        stb = [message]
    shell._showtraceback(etype, value, stb)
    return None


def _innermost_is_cell(tb: Any, user_ns: dict[str, Any]) -> bool:
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_globals is user_ns


def install(shell: Any = None) -> bool:
    """Show slips in exercise cells as one plain-English line (returns False outside IPython).

    Each session's first cell calls this. Calling it again is harmless.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with Jupyter
            return False
        shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((SyntaxError, NameError), _handler)
    return True


def uninstall(shell: Any) -> None:
    """Back to IPython's usual tracebacks."""
    shell.set_custom_exc((), None)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext qiteach.exercises.slips`` (or a hub's kernel config) installs the handler."""
    install(ipython)
