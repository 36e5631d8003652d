"""How renames are followed: the one rule that maps a change of an old path to the name
its file has later (analyses' change history and the scan's recorded trends use it)."""

from __future__ import annotations


def rename_intervals(
    renames: list[tuple[int, str, str, object]],
) -> list[tuple[int, str, object, str]]:
    """(repo, path, until, final path): changes to ``path`` up to ``until`` now live at
    ``final path``. ``renames`` are (repo, old, new, time) in time order.

    The one rule of rename following (the analyses' change history and the recorded
    trends both use it): a change to ``a.py``
    made before ``a.py`` was renamed to ``b.py`` belongs to ``b.py``, and further along a
    chain of renames; a new file that later reuses the old name keeps its own history.
    """
    by_old: dict[tuple[int, str], list[tuple[object, str]]] = {}
    for repo, old, new, when in renames:
        by_old.setdefault((repo, old), []).append((when, new))

    def final(repo: int, path: str, after: object, depth: int = 0) -> str:
        for when, new in by_old.get((repo, path), ()):
            if when > after and depth < 1000:  # type: ignore[operator]
                return final(repo, new, when, depth + 1)
        return path

    intervals = []
    for (repo, old), events in by_old.items():
        for when, new in events:
            intervals.append((repo, old, when, final(repo, new, when)))
    return intervals
