"""Problems found in content: values that carry their file, line and claim, printed for editors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]
MAX_MESSAGE = 500
"""Longest message or hint, in characters."""
MAX_PATH = 300
"""Longest path shown (cut in the middle)."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, with the place to fix it."""

    path: str
    """File the problem is in, as the editor would type it (relative to the working directory)."""
    line: int
    """1-based line in that file (the start of the offending value)."""
    severity: Severity
    """`error` stops a public build; `warning` is reported, and fails only with `--strict`."""
    message: str
    """What is wrong."""
    hint: str = ""
    """What to do about it."""
    claim: str | None = None
    """The claim id the problem belongs to, when it belongs to one."""
    code: str = ""
    """A stable short name for the rule (for `--format json` and for tests)."""

    def __post_init__(self) -> None:
        # One problem is one line of bounded length, whatever the input it quotes (a 2 MB id, a 200 KB quote,
        # a file name with a line break in it): control characters are shown escaped, long texts cut.
        for name, limit in (("path", MAX_PATH), ("message", MAX_MESSAGE), ("hint", MAX_MESSAGE)):
            text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], getattr(self, name))
            if len(text) > limit:
                text = text[:limit // 2 - 2] + "..." + text[-(limit // 2 - 1):] if name == "path" \
                    else text[:limit - 3] + "..."
            object.__setattr__(self, name, text)

    def __str__(self) -> str:
        claim = self.claim if self.claim is None or len(self.claim) <= 80 else self.claim[:77] + "..."
        who = f"claim '{claim}': " if claim else ""
        hint = f"; {self.hint}" if self.hint else ""
        return f"{self.path}:{self.line}: {self.severity}: {who}{self.message}{hint}"

    def as_dict(self) -> dict[str, object]:
        """The problem as plain values, for `--format json`."""
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "claim": self.claim,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }

    def strict(self) -> Problem:
        """The same problem, raised to an error (for `--strict`)."""
        if self.severity == "error":
            return self
        return Problem(self.path, self.line, "error", self.message, self.hint, self.claim, self.code)


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any problem is an error (warnings alone do not stop a build)."""
    return any(p.severity == "error" for p in problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """File order, then line order: the order an editor fixes them in."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.severity, p.message))


class ContentError(Exception):
    """Raised at the edges when content cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
