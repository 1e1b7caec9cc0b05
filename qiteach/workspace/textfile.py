"""A text file's bytes as text: refusing binary files, decoding what Excel saves.

Kept apart from :mod:`qiteach.workspace.raw` so that ``qiteach chart`` reads its CSV
file without importing the workspace's YAML and schema code.
"""

from __future__ import annotations

import codecs

from qiteach.exceptions import Problem

__all__ = ["BINARY_FIX", "binary_problem", "decode"]

#: the fix for a file that is not CSV text
BINARY_FIX = 'open it in Excel and save it as "CSV UTF-8 (Comma delimited)"'


def binary_problem(data: bytes, source: str) -> Problem | None:
    """A problem when ``data`` is not text at all (e.g. a workbook renamed to ``.csv``).

    >>> print(binary_problem(b"PK\\x03\\x04 zipped", "teams.csv"))
    teams.csv: is an Excel workbook, not a CSV file (fix: ... "CSV UTF-8 (Comma delimited)")
    >>> binary_problem(b"team_id\\nnorth\\n", "teams.csv") is None
    True
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # UTF-16 text: decode() reads it
    if data.startswith(b"PK\x03\x04"):
        return Problem(source, None, None, "is an Excel workbook, not a CSV file", BINARY_FIX)
    if b"\x00" in data[:65536]:
        return Problem(source, None, None, "is not a text file", BINARY_FIX)
    return None


def decode(data: bytes, source: str, notes: list[str]) -> str:
    """Decode bytes as UTF-8 (BOM or not) or UTF-16 (with its BOM), else Windows-1252 with a note.

    >>> decode("café".encode("utf-8-sig"), "x.csv", [])
    'café'
    >>> notes = []
    >>> decode("café".encode("cp1252"), "x.csv", notes)
    'café'
    >>> notes[0]
    'x.csv: not UTF-8; read as Windows-1252 (save as "CSV UTF-8" to avoid this note)'
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        notes.append(
            f'{source}: not UTF-8; read as Windows-1252 (save as "CSV UTF-8" to avoid this note)'
        )
        return data.decode("cp1252", errors="replace")
