"""The package as a wheel: it carries its static files and finds the book without an
editable install; the console script answers --version."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ogp_curriculum import __version__
from ogp_curriculum.paths import repo_root

ROOT = repo_root()

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy: setuptools leaves a build/ folder in the source tree it builds.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
         "-w", str(out), str(source)],
        check=True, capture_output=True, timeout=600,
    )
    return next(out.glob("ogp_curriculum-*.whl"))


def test_the_wheel_carries_site_static_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for static in (ROOT / "src" / "ogp_curriculum" / "site" / "static").iterdir():
        assert f"ogp_curriculum/site/static/{static.name}" in names
    # The language switcher's template (site/languages.py) is found by Sphinx on disk.
    assert "ogp_curriculum/site/templates/ogp-language-switcher.html" in names
    assert "ogp_curriculum/schemas/scenario.schema.json" in names
    for lang in ("fr", "es"):  # strings made by code are read from these at runtime
        assert f"ogp_curriculum/locales/{lang}/LC_MESSAGES/ogp_curriculum.po" in names
    assert not [n for n in names if "browse" in n], "test helpers stay out of the wheel"


def test_the_wheel_declares_the_console_script(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    entry_points = next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
    assert "ogp-curriculum = ogp_curriculum.cli:main" in archive.read(entry_points).decode()


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed into a folder of its own (once: the tests below only import it)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
         str(target), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    return target


def _run_installed(target: Path, code: str, cwd: Path) -> subprocess.CompletedProcess:
    # -I: ignore PYTHONPATH and user site, so the editable install is not seen.
    return subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
        capture_output=True, text=True, cwd=cwd, timeout=120,
    )


def test_an_installed_wheel_finds_the_book_from_inside_the_clone(installed: Path) -> None:
    code = "import ogp_curriculum as o; print(o.__file__); print(o.repo_root())"
    done = _run_installed(installed, code, ROOT / "modules")
    assert done.returncode == 0, done.stderr
    where, root = done.stdout.splitlines()
    assert Path(where).is_relative_to(installed)
    assert Path(root) == ROOT


def test_an_installed_wheel_outside_a_clone_says_what_to_do(
    installed: Path, tmp_path: Path
) -> None:
    code = (
        "from ogp_curriculum import paths\n"
        "try:\n    paths.repo_root()\nexcept paths.RootNotFound as e:\n    print(e)"
    )
    done = _run_installed(installed, code, tmp_path)
    assert "set OGP_CURRICULUM_ROOT" in done.stdout, done.stdout + done.stderr


def test_console_script_prints_the_version() -> None:
    script = Path(sys.executable).with_name("ogp-curriculum")
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip() == f"ogp-curriculum {__version__}"
