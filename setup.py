"""Packaging glue that pyproject.toml cannot express: ship the top-level data folders in the wheel.

`rules/`, `models/` and `fixtures/` live beside the package, where a user edits, retrains and
records them. A built wheel copies them into the package as `autofill/_data/`, which
`autofill.core.paths` looks for first; an editable install reads the checkout's own folders.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_DIRS = ("rules", "models", "fixtures")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules", ".DS_Store")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        root = Path(__file__).resolve().parent
        for name in DATA_DIRS:
            target = Path(self.build_lib) / "autofill" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(root / name, target, ignore=SKIP)


setup(cmdclass={"build_py": BuildPyWithData})
