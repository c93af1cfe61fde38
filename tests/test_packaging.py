"""Install surfaces stay in step: pyproject.toml, environment.yml, the Makefile and CI."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _norm(req: str) -> str:
    return re.sub(r"\s+", "", req).lower()


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_norm(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    listed = {_norm(r) for r in pip_section if not r.startswith("-e")}
    assert listed == wanted
    assert "python=3.11" in env["dependencies"]


def test_torch_is_pinned_to_the_cpu_build_everywhere():
    assert '"torch==2.13.0"' in (ROOT / "pyproject.toml").read_text()
    assert "torch==2.13.0" in (ROOT / "Makefile").read_text()


def test_ci_runs_make_test_with_browser_tests_required():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "ATLAS_QUAL_REQUIRE_BROWSER=1" in ci and "chromium" in ci


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text()[:1500]
    assert "make demo" in head and "make test" in head


def test_notebooks_are_thin_views_without_outputs():
    import json

    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        assert not any(re.search(r"^\s*(def|class) ", src, re.M) for src in code), nb.name
        assert sum(len(src.splitlines()) for src in code) <= 30, nb.name
        assert all(not c.get("outputs") for c in cells if c["cell_type"] == "code"), nb.name
