"""The `autofill` command run in-process, as tests call it: (exit code, stdout, stderr)."""
from __future__ import annotations

from autofill.cli import main


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err
