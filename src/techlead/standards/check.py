"""What a standards check is: an id, a level, a risk weight, a title, a fix, and the
function that judges one repository: (passed, evidence), passed None when the check does
not apply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from techlead.standards.context import RepoContext

Located = tuple[str, int | None]  # a file of the repository, and a line when known
# (passed, evidence), or with the files the evidence names: where code scanners point
Outcome = tuple[bool | None, str] | tuple[bool | None, str, tuple[Located, ...]]
LEVELS = ("bronze", "silver", "gold")


@dataclass(frozen=True)
class Check:
    id: str
    level: str
    weight: int  # risk weight in the 0-10 score
    title: str  # may name policy values: "activity in the last {activity_days}"
    fix: str
    run: Callable[[RepoContext], Outcome]
