"""Errors a person sees: each carries one line that says what went wrong, never a traceback."""
from __future__ import annotations


class AutofillError(Exception):
    """Bad input or an unusable target; the CLI prints `str(err)` on one line and exits 2."""

    exit_code = 2

    def __str__(self) -> str:  # pragma: no cover - trivial
        return first_line(super().__str__())


class ProfileError(AutofillError):
    """A profile that fails validation; the message holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))

    def __str__(self) -> str:
        return "\n".join(self.problems)


class RuleFileError(AutofillError):
    """A rule file with a typo: names the file and the rule."""


class TargetError(AutofillError):
    """An unreachable, unreadable or non-HTML target."""


class BrowserError(AutofillError):
    """The browser could not be started or reached."""


def first_line(text: str, limit: int = 300) -> str:
    """The first non-empty line of a message, cut to a readable length."""
    for line in str(text).splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""
