"""``techlead mentoring``: the analysis, and ``--add-goals``: each pair's target written
into goals.toml as a key result, so that `techlead goals` follows it."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click
import tomli_w

from techlead.analyses import REGISTRY
from techlead.analyses import run as run_analysis
from techlead.analyses.mentoring import Pair
from techlead.analyses.moment import moment
from techlead.analyses.names import known_names
from techlead.cli.analyses import command_for, params_from
from techlead.cli.options import options_from, resolve_db
from techlead.core import files
from techlead.core.dates import parse_date
from techlead.core.errors import ConfigError
from techlead.core.model import Result
from techlead.direction.goals import locate, read_goals
from techlead.render.base import Format, render
from techlead.warehouse.connection import open_warehouse

_MENTORING = REGISTRY["mentoring"]
DEADLINE_DAYS = 90


def _mentoring(db: Path | None, fmt: str, add_goals: bool, goals_file: Path | None,
               deadline: str | None, **kwargs: Any) -> None:  # fmt: skip
    options = options_from(kwargs)
    params = params_from(_MENTORING, kwargs)
    if add_goals and params.newcomer:
        raise ConfigError("--add-goals writes the pairs' targets: not with --newcomer")
    con = open_warehouse(resolve_db(db), read_only=True)
    try:
        known_names(con, options)
        result = run_analysis(con, _MENTORING, options, params)
        now = params.now or moment(con)
        path = locate(con, goals_file) if add_goals else None
    finally:
        con.close()
    render(result, Format(fmt))
    if add_goals:
        if path is None:
            raise ConfigError("--add-goals needs a goals file: write goals.toml beside "
                              "techlead.toml or give --goals FILE")  # fmt: skip
        due = (
            parse_date(deadline, what="--deadline") if deadline else now + timedelta(DEADLINE_DAYS)
        )
        added = add_to_goals(path, result, now, due)
        click.echo(f"techlead: {added} key result{'' if added == 1 else 's'} added to {path}",
                   err=True)  # fmt: skip


def add_to_goals(path: Path, result: Result[Pair], now: datetime, due: datetime) -> int:
    """Append one objective with a key result per pair (an expert and a learner) whose
    metric and scope no key result of the file follows yet; the file is checked whole
    before it is replaced, so a goals file never ends up unreadable."""
    objectives = read_goals(path)
    followed = {(r.metric, str(r.scope)) for o in objectives for r in o.key_results}
    results = []
    for pair in result.rows:
        scope = {"component": pair.component.path, "repo": pair.component.repo}
        label = f"{pair.component.repo}:{pair.component.path}"
        if pair.expert and pair.learner and (pair.metric, label) not in followed:
            results.append({"metric": pair.metric, "scope": scope, "target": pair.target,
                            "deadline": due.date()})  # fmt: skip
    if not results:
        return 0
    ident = f"MENTORING-{now:%Y-%m-%d}"
    taken = {o.id for o in objectives}
    ident = next(f"{ident}-{n}" if n else ident for n in range(len(taken) + 1)
                 if (f"{ident}-{n}" if n else ident) not in taken)  # fmt: skip
    block = tomli_w.dumps({"objective": [{
        "id": ident, "title": f"Spread knowledge: mentoring pairs of {now:%Y-%m-%d}",
        "key_result": results}]})  # fmt: skip
    text = path.read_text(encoding="utf-8")
    text += ("" if text.endswith("\n") or not text else "\n") + (
        f"\n# Added by `techlead mentoring --add-goals` on {now:%Y-%m-%d}.\n{block}"
    )
    staged = path.with_name(f".{path.name}.check")
    try:
        files.write_text(staged, text)
        read_goals(staged)  # the whole file must still read
    finally:
        staged.unlink(missing_ok=True)
    files.write_text(path, text)
    return len(results)


_BASE = command_for(_MENTORING)
mentoring_command = click.Command(
    "mentoring",
    callback=_mentoring,
    params=[
        *_BASE.params,
        click.Option(
            ["--add-goals"],
            is_flag=True,
            help="Write each pair's target into goals.toml as a key result.",
        ),
        click.Option(
            ["--goals", "goals_file"],
            type=click.Path(dir_okay=False, path_type=Path),
            help="The goals file for --add-goals (default: as `techlead goals`).",
        ),
        click.Option(
            ["--deadline"],
            help=f"Deadline of the added key results (default: "
            f"{DEADLINE_DAYS} days after the moment measured to).",
        ),
    ],
    help=_BASE.help,
    short_help=_BASE.short_help,
)
