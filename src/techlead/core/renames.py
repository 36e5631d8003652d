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


def renamed_sql(raw: str, renames: str, keys: tuple[str, ...] = ()) -> str:
    """SQL for the rows of ``raw`` (a relation with ``original_path`` and ``author_time``)
    with ``path``, the name each file has after the renames ``renames`` holds (``path``,
    ``until``, ``final_path`` from :func:`rename_intervals`, matched on ``keys`` too).
    Only the few changes to a path renamed later need the (sorting) ASOF join."""

    def on(side: str) -> str:
        return " AND ".join([f"m.{k} = {side}.{k}" for k in keys]
                            + [f"m.path = {side}.original_path"])  # fmt: skip

    return f"""
    SELECT {raw}.* EXCLUDE (original_path), {raw}.original_path AS path, {raw}.original_path
    FROM {raw} ANTI JOIN {renames} m ON {on(raw)}
    UNION ALL
    SELECT moved.* EXCLUDE (original_path),
           coalesce(m.final_path, moved.original_path) AS path, moved.original_path
    FROM (FROM {raw} SEMI JOIN {renames} m ON {on(raw)}) moved
    ASOF LEFT JOIN {renames} m ON {on("moved")} AND m.until >= moved.author_time
    """
