"""The design's layers hold (pyproject.toml [tool.importlinter]): a module imports only from the
layers below its own, the runtime never imports training code or the fixture world, and no
package's modules import each other in a cycle. Checked by import-linter on the source itself,
and shown to catch a violation planted in a copy of the package."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"]


def lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(LINT + ["--config", str(cwd / "pyproject.toml"), "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"})


def test_the_layers_and_contracts_hold():
    res = lint(ROOT)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    assert "3 kept, 0 broken" in res.stdout


@pytest.mark.parametrize("module, planted, broken", [
    ("autofill/core/text.py", "import autofill.flow.walk", "layers"),          # the base reaching up
    ("autofill/flow/kinds.py", "import autofill.fixtures_server", "runtime never imports"),
    ("autofill/flow/guards.py", "import autofill.flow.walk", "no import cycles"),  # walk imports guards
])
def test_a_planted_violation_is_caught(tmp_path, module, planted, broken):
    shutil.copytree(ROOT / "autofill", tmp_path / "autofill", ignore=shutil.ignore_patterns("__pycache__", "_data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{planted}  # planted by the test\n", encoding="utf-8")
    res = lint(tmp_path)
    assert res.returncode != 0
    assert any(broken in line and line.rstrip().endswith("BROKEN") for line in res.stdout.splitlines()), res.stdout[-2000:]
