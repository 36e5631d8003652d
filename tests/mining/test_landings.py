"""mining.mainline.landings on random histories: the same rows as the walk it replaced
(commits as Python strings, a dict of what landed where), kept here as the reference."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from techlead.mining.mainline import landings


def _reference(
    mainline: Sequence[str], parents: Mapping[str, Sequence[str]]
) -> set[tuple[str, int | None, int]]:
    landed: dict[str, int] = {}
    for position, sha in enumerate(mainline, start=1):
        landed[sha] = position
        stack = list(parents.get(sha, ())[1:])
        while stack:
            commit = stack.pop()
            if commit in landed or commit not in parents:
                continue
            landed[commit] = position
            stack.extend(parents[commit])
    on_line = {sha: n for n, sha in enumerate(mainline, start=1)}
    return {(sha, on_line.get(sha), at) for sha, at in landed.items()}


@st.composite
def _histories(draw: st.DrawFn) -> tuple[list[str], dict[str, list[str]]]:
    """Commits c0..cN, each with parents among the earlier ones (a DAG); the main line is
    the first-parent chain from the last; some commits unknown (a shallow boundary, or
    mined since a date), some parents unknown."""
    n = draw(st.integers(1, 40))
    parents: dict[str, list[str]] = {}
    for i in range(n):
        earlier = [f"c{j}" for j in range(i)] + ["gone"]
        count = draw(st.integers(0, min(3, i + 1)))
        parents[f"c{i}"] = draw(st.lists(st.sampled_from(earlier), min_size=count,
                                          max_size=count, unique=True))  # fmt: skip
    mainline, sha = [], f"c{n - 1}"
    while sha in parents and sha not in mainline:
        mainline.append(sha)
        sha = parents[sha][0] if parents[sha] else ""
    forgotten = draw(st.sets(st.sampled_from(sorted(parents)), max_size=3))
    return mainline[::-1], {s: p for s, p in parents.items() if s not in forgotten}


@settings(max_examples=300, deadline=None)
@given(_histories())
def test_landings_equal_the_reference_walk(history: tuple[list[str], dict[str, list[str]]]) -> None:
    mainline, parents = history
    schema = pa.schema([("sha", pa.string()), ("parents", pa.list_(pa.string()))])
    known = pa.table({"sha": list(parents), "parents": list(parents.values())}, schema=schema)
    found = landings(mainline, known)
    rows = set(zip(*(found.column(c).to_pylist() for c in ("sha", "position", "landed")),
                   strict=True))  # fmt: skip
    assert rows == _reference(mainline, parents)
    assert found.num_rows == len(rows)  # no commit twice
