"""What a metric is, and where it is measured (the catalogue is direction.catalogue)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import duckdb

from techlead.core.model import Options

SCOPES = ("workspace", "repository", "team", "component")
ALL = SCOPES
NOT_COMPONENT = ("workspace", "repository", "team")


@dataclass(frozen=True)
class Scope:
    """Where a metric is measured: ``kind`` is one of SCOPES; ``name`` the repository, team
    or component (empty for the workspace); ``repo`` the component's repository."""

    kind: str = "workspace"
    name: str = ""
    repo: str = ""

    def __str__(self) -> str:
        if self.kind == "workspace":
            return "workspace"
        if self.kind == "component":
            return f"{self.repo}:{self.name}" if self.repo else self.name
        return self.name


Measure = Callable[[duckdb.DuckDBPyConnection, Options, datetime], float | None]


@dataclass(frozen=True)
class Metric:
    name: str
    definition: str
    unit: str
    better: str  # higher | lower
    scopes: tuple[str, ...]
    measure: Measure
    back_computed: bool = True  # False: only what scans recorded
    # True: the value depends on the moment itself, not only on the snapshot commits it
    # selects (counts over the days before it, "has left" measured at it)
    dated: bool = False
    needs: str = ""  # what must be configured for a value (else None), said by `metrics`
    # True: the value needs the complexity of every file of each date's tree (a history
    # measures the past blobs of its dates in batches ahead of them: analyses.as_of_batches)
    measures_code: bool = False
    # the roles of the files whose code it measures (all when empty): the history measures
    # only those (a production-code metric need not measure the tests of every past tree)
    measured_roles: tuple[str, ...] = ()
    # True: the value needs the lines of every file of each date's tree (knowledge): a
    # history reads the past blobs of its dates in batches ahead of them, counted only
    reads_trees: bool = False
    # True: read from the standards results a scan stores (the refresh measures it after
    # storing them, snapshots.refresh)
    reads_standards: bool = False
