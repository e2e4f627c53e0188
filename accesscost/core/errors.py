"""The one exception family of the project.

Every problem with user input (an assumption file, a scenario, a service count) is an
``AssumptionError`` that names the file, the field path and the reason. The page and the CLI
catch ``AssumptionErrors`` and show each problem on one line: ``file: field.path: reason``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file."""

    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.file}: {self.field}: {self.reason}"
        return f"{self.file}: {self.reason}"


class AssumptionErrors(ValueError):
    """One or more problems found in user input."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, file: str, field: str, reason: str) -> AssumptionErrors:
        return cls([Problem(file, field, reason)])


def collect(problems: list[Problem], load):
    """``load()``, or None with its problems added to ``problems`` when it raises
    ``AssumptionErrors`` (so that every problem of every file is reported at once)."""
    try:
        return load()
    except AssumptionErrors as errors:
        problems.extend(errors.problems)
        return None
