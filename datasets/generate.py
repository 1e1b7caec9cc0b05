"""Regenerate every shipped SYNTHETIC dataset in this folder, byte-identically.

Run from the repository root::

    python datasets/generate.py          # rewrite demo-programme/, collaborative/,
                                          # teaching/ and chart-examples/
    python datasets/generate.py --check  # regenerate into a temporary folder and
                                          # report any file that differs (exit 1)

The generators live in the library (:mod:`qiteach.simulate`) so ``qiteach
simulate`` works from an installed package; this script only calls them with
the shipped seeds. ``tests/test_datasets_shipped.py`` does what ``--check`` does.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from qiteach.simulate import generate_shipped

HERE = Path(__file__).resolve().parent


def differences(fresh_root: Path, shipped_root: Path) -> list[str]:
    """Relative paths that differ between a fresh generation and the shipped files."""
    out = []
    for folder in sorted(p for p in fresh_root.iterdir() if p.is_dir()):
        fresh = {p.relative_to(fresh_root) for p in folder.rglob("*") if p.is_file()}
        shipped_dir = shipped_root / folder.name
        shipped = {p.relative_to(shipped_root) for p in shipped_dir.rglob("*") if p.is_file()}
        for rel in sorted(fresh | shipped):
            a, b = fresh_root / rel, shipped_root / rel
            if not (a.exists() and b.exists() and a.read_bytes() == b.read_bytes()):
                out.append(str(rel))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            generate_shipped(tmp)
            bad = differences(Path(tmp), HERE)
        for rel in bad:
            print(f"differs: datasets/{rel}")
        print("all shipped datasets regenerate byte-identically" if not bad else "out of date")
        return 1 if bad else 0
    for path in generate_shipped(HERE, force=True):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
