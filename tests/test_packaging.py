"""The project's packaging stays coherent: environment.yml mirrors pyproject.toml, and
constraints.txt pins every dependency inside pyproject's ranges."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec, maxsplit=1)[0].strip().lower()


def test_environment_yml_lists_every_pyproject_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(d) for d in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {_name(d) for d in extra}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    have = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    assert wanted - have == set(), f"missing from environment.yml: {sorted(wanted - have)}"
    assert have - wanted - {"python", "pip"} == set(), "environment.yml has extras not in pyproject"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci
    assert "make test" in readme and "make demo" in readme


def test_cli_entry_point_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["qiteach"] == "qiteach.cli:main"


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not name==version"
            pins[re.sub(r"[-_.]+", "-", name).lower()] = Version(version)
    return pins


def test_constraints_pin_every_dependency_inside_its_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += extra
    pins = _pins()
    for spec in specs:
        req = Requirement(spec)
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in pins, f"constraints.txt does not pin {req.name}"
        assert pins[name] in req.specifier, f"{req.name}=={pins[name]} is outside {req.specifier}"


def test_make_installs_with_the_constraints() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "-c constraints.txt" in makefile


def test_every_pin_says_why_it_is_there() -> None:
    """constraints.txt comes from pip-compile (`make lock`): each pin is followed by the
    "# via" note naming the packages (or pyproject.toml) that need it."""
    lines = (ROOT / "constraints.txt").read_text().splitlines()
    assert "#    make lock" in lines, "constraints.txt was not written by `make lock`"
    pins = [i for i, line in enumerate(lines) if line and not line.startswith((" ", "#"))]
    assert len(pins) == len(_pins())
    for i in pins:
        assert lines[i + 1].strip().startswith("# via"), f"{lines[i]} has no '# via' note"
    makefile = (ROOT / "Makefile").read_text()
    assert "pip-compile" in makefile.split("\nlock:", 1)[1].split("\nclean:", 1)[0]


def test_version_has_one_source() -> None:
    """pyproject.toml takes the version from ``qiteach.__version__``; none is written there."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    attr = pyproject["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "qiteach.__version__"
    (text,) = re.findall(
        r'^__version__ = "([^"]+)"$', (ROOT / "qiteach" / "__init__.py").read_text(), re.M
    )
    assert importlib.metadata.version("qiteach") == str(Version(text))  # what pip recorded


def _package_dirs() -> dict[str, Path]:
    """Package name -> the folder the build takes it from (pyproject's package-dir)."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    dirs = {name: ROOT / folder for name, folder in setuptools["package-dir"].items()}
    for name in setuptools["package-data"]:
        dirs.setdefault(name, ROOT.joinpath(*name.split(".")))
    return dirs


def test_every_package_data_pattern_matches_a_file() -> None:
    """No package-data glob names files that do not exist (the old ``templates/*``)."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    dirs = _package_dirs()
    for package, patterns in setuptools["package-data"].items():
        for pattern in patterns:
            assert list(dirs[package].glob(pattern)), f"package-data {package}: {pattern!r}"


def test_every_data_file_is_package_data() -> None:
    """Each file in datasets/, notebooks/reports/ and qiteach/ that is not Python is
    installed with the package (a wheel has only what package-data names)."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    dirs = _package_dirs()
    covered = {
        path
        for package, patterns in setuptools["package-data"].items()
        for pattern in patterns
        for path in dirs[package].glob(pattern)
    }
    folders = (ROOT / "datasets", ROOT / "notebooks" / "reports", ROOT / "qiteach")
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix not in {".py", ".pyc"}:
                assert path in covered, f"{path.relative_to(ROOT)} would be left out of the wheel"
