"""What the workspace's techlead.toml says about metrics (``[metrics]``): the radar, the
OSV data and the custom metrics. Found like goals.toml: ``./techlead.toml``, else the one
of the workspace's last configured scan (warehouse.workspace); read again only when the
file changes, and so are the radar and the OSV data it names."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb

from techlead.core.config import CONFIG_NAME, MetricsConfig, PeopleConfig, load_config
from techlead.decisions.radar import Radar
from techlead.decisions.radar import load as load_radar
from techlead.risk import osv
from techlead.warehouse.workspace import workspace_file


def workspace_metrics(con: duckdb.DuckDBPyConnection | None) -> MetricsConfig:
    """``[metrics]`` of the workspace's techlead.toml (without a warehouse: ./techlead.toml)."""
    path = workspace_file(con, None, CONFIG_NAME)
    if path is None:
        return MetricsConfig()
    return _metrics(path.resolve(), _stamp(path))


def workspace_people(con: duckdb.DuckDBPyConnection | None) -> PeopleConfig:
    """``[people]`` of the workspace's techlead.toml (found as for ``[metrics]``)."""
    path = workspace_file(con, None, CONFIG_NAME)
    if path is None:
        return PeopleConfig()
    return _people(path.resolve(), _stamp(path))


def radar(path: Path) -> Radar:
    return _radar(path, _stamp(path))


def osv_data(path: Path) -> osv.Database:
    return _osv(path, _stamp(path))


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0  # the loader says what is wrong


@lru_cache(maxsize=4)
def _metrics(path: Path, _stamp: int) -> MetricsConfig:
    return load_config(path).metrics


@lru_cache(maxsize=4)
def _people(path: Path, _stamp: int) -> PeopleConfig:
    return load_config(path).people


@lru_cache(maxsize=2)
def _radar(path: Path, _stamp: int) -> Radar:
    return load_radar(path)


@lru_cache(maxsize=1)  # OSV data can be large: keep one
def _osv(path: Path, _stamp: int) -> osv.Database:
    return osv.load(path)
