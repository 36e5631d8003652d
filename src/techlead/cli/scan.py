"""techlead scan: mine git repositories into the warehouse."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from techlead.analyses.overview import overview
from techlead.cli.options import db_option, format_option, resolve_db
from techlead.core.dates import parse_date
from techlead.core.model import RepoScan, Result
from techlead.core.progress import RichProgress, SilentProgress
from techlead.mining.distributed import check_executor, open_executor
from techlead.mining.scan import scan
from techlead.mining.scan_setup import cpu_count
from techlead.mining.workspace import load_workspace_config, plan_scan
from techlead.render.base import Format
from techlead.render.json import write_json
from techlead.render.scan_summary import print_summary, summary_document
from techlead.render.terminal import console_for, visible
from techlead.snapshots import keep_settings, refresh
from techlead.warehouse.connection import open_warehouse


@click.command("scan")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Workspace file (default: ./techlead.toml when it exists).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="git processes to mine one history with (default: the number of CPUs).",
)
@click.option("--since", help="Mine commits from this date on (YYYY-MM-DD or 'N months ago').")
@click.option("--all-refs", is_flag=True, help="Mine every branch and tag, not only HEAD.")
@click.option("--copies", is_flag=True, help="Also detect copied files (slower).")
@click.option(
    "--no-complexity",
    is_flag=True,
    help="Do not measure function complexity in the HEAD snapshot (faster first scan).",
)
@click.option(
    "--trend-files",
    type=click.IntRange(min=0),
    default=None,
    help="Record the complexity trend of this many files per repository, those with the "
    "highest hotspot scores (default: twice the policy's trend_hotspots).",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="Seconds to wait when another scan holds the warehouse.",
)
@click.option(
    "--now",
    help="The moment the stored risk register and standards results are measured to "
    "(default: the time of the scan).",
)
@click.option(
    "--executor",
    default="local",
    show_default=True,
    help="Where git and the CPU mine: local (this machine's processes), dask (a Dask "
    "LocalCluster) or tcp://HOST:PORT (a running Dask scheduler; techlead[distributed]).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@format_option(Format.TABLE, Format.JSON)
def scan_command(
    paths: tuple[Path, ...],
    db: Path | None,
    config_path: Path | None,
    jobs: int | None,
    since: str | None,
    all_refs: bool,
    copies: bool,
    no_complexity: bool,
    trend_files: int | None,
    wait: float,
    now: str | None,
    executor: str,
    quiet: bool,
    fmt: str,
) -> None:
    """Mine the history of git repositories into the warehouse.

    PATHS are working trees or bare repositories (default: the repositories in
    techlead.toml, else the current directory). Re-scans mine only new commits.

    Examples: techlead scan . ; techlead scan ../api ../web --db acme.duckdb
    """
    check_executor(executor)
    config = load_workspace_config(config_path, Path.cwd())
    moment = parse_date(now, what="--now") if now else datetime.now(UTC)
    chosen, options = plan_scan(
        config, paths, since, all_refs, copies, jobs or cpu_count(), not no_complexity
    )
    options = replace(options, policy=config.policy, trend_files=trend_files)
    err = Console(stderr=True, soft_wrap=True, highlight=False)

    def warn(message: str) -> None:
        # above the progress bar, if any; repository text is shown, never obeyed
        err.print(Text(f"techlead: warning: {visible(message)}"))

    # the cluster is reached before the warehouse is opened: a bad address changes nothing
    with open_executor(executor) as tasks:
        con = open_warehouse(resolve_db(db), wait=wait)
        try:
            if not quiet and err.is_terminal:
                with RichProgress(err) as bar:
                    results = scan(con, chosen, options, bar, warn, tasks)
            else:
                results = scan(con, chosen, options, SilentProgress(), warn, tasks)
            judged_anew = keep_settings(con, config)
            if judged_anew or any(r.mode not in ("unchanged", "skipped") or r.blobs_read
                                  for r in results):  # fmt: skip
                refresh(con, moment)
            summary = overview(con, [r.name for r in results if r.repo_id is not None])
        finally:
            con.close()
    _report(results, summary, Format(fmt), quiet)


def _report(results: list[RepoScan], summary: Result[Any], fmt: Format, quiet: bool) -> None:
    if fmt is Format.JSON:
        write_json(summary_document(results, summary), sys.stdout)
    elif not quiet:
        print_summary(results, summary, console_for())
