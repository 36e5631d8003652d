"""The techlead command line: one module per command group, each command thin.

A command parses its options, makes one call into the core, renders the result and sets
the exit code. TechleadError becomes one line on stderr and exit code 2; Ctrl-C and
SIGTERM become exit code 130 after the open transaction has been rolled back.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType
from typing import Any

import click
import duckdb

from techlead import __version__
from techlead.cli.adr import adr_group
from techlead.cli.analyses import ANALYSIS_COMMANDS
from techlead.cli.codeowners import codeowners_group
from techlead.cli.communicate import brief_command, report_command, serve_command
from techlead.cli.culture import culture_command
from techlead.cli.decide import decide_command
from techlead.cli.direction import history_command, metrics_command
from techlead.cli.goals import goals_command
from techlead.cli.health import health_command
from techlead.cli.init import init_command
from techlead.cli.inventory import deps_command, sbom_command, tech_command
from techlead.cli.mentoring import mentoring_command
from techlead.cli.people import people_group
from techlead.cli.policy import policy_command
from techlead.cli.radar import radar_group
from techlead.cli.risk import risk_command, vulns_command
from techlead.cli.roadmap import roadmap_command
from techlead.cli.scan import scan_command
from techlead.cli.sql import sql_command
from techlead.cli.standards import standards_command
from techlead.cli.who import who_command
from techlead.cli.work import work_command
from techlead.core.errors import TechleadError
from techlead.render.terminal import visible


class _Group(click.Group):
    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's main, with every usage error as one line on stderr (exit 2)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.Abort:
            click.echo("techlead: aborted", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            click.echo(f"techlead: error: {_one_line(exc)}", err=True)
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TechleadError as exc:
            # Messages can carry repository text (paths, names): shown, never obeyed.
            click.echo(f"techlead: error: {visible(str(exc))}", err=True)
            if exc.tip:
                click.echo(f"techlead: tip: {visible(exc.tip)}", err=True)
            ctx.exit(exc.exit_code)
        except (KeyboardInterrupt, Exception) as exc:
            if _interrupted(exc):
                click.echo(
                    "techlead: interrupted; the warehouse is unchanged by the unfinished work",
                    err=True,
                )
                ctx.exit(130)
            if isinstance(exc, duckdb.Error):  # a query the warehouse could not run: one line
                text = str(exc).strip()
                first = text.splitlines()[0] if text else type(exc).__name__
                click.echo(f"techlead: error: the warehouse query failed: {visible(first)}",
                           err=True)  # fmt: skip
                ctx.exit(2)
            raise


def _one_line(exc: click.ClickException) -> str:
    """A click error as one line, naming the command and where to read its options."""
    message = " ".join(exc.format_message().split())
    context = getattr(exc, "ctx", None)
    if context is None:
        return message
    path = context.command_path.replace(context.find_root().info_name or "", "techlead", 1)
    return f"{message} (see `{path} --help`)"


def _interrupted(exc: BaseException | None) -> bool:
    """Ctrl-C or SIGTERM, however it surfaced: as KeyboardInterrupt, as DuckDB's
    InterruptException or "Query interrupted" when it arrived during a query, or as the
    error of a clean-up statement run while the interrupt was propagating."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, KeyboardInterrupt | duckdb.InterruptException):
            return True
        if isinstance(exc, RuntimeError) and str(exc) == "Query interrupted":
            return True
        exc, seen = exc.__context__, seen + 1
    return False


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="techlead")
def cli() -> None:
    """techlead: evidence for technical leaders, mined from git.

    Scan repositories into a DuckDB warehouse, then query it.
    """


cli.add_command(init_command)
cli.add_command(scan_command)
cli.add_command(report_command)
cli.add_command(brief_command)
cli.add_command(serve_command)
cli.add_command(sql_command)
cli.add_command(deps_command)
cli.add_command(tech_command)
cli.add_command(sbom_command)
cli.add_command(risk_command)
cli.add_command(vulns_command)
cli.add_command(adr_group)
cli.add_command(radar_group)
cli.add_command(codeowners_group)
cli.add_command(who_command)
cli.add_command(people_group)
cli.add_command(mentoring_command)
cli.add_command(decide_command)
cli.add_command(standards_command)
cli.add_command(policy_command)
cli.add_command(metrics_command)
cli.add_command(history_command)
cli.add_command(roadmap_command)
cli.add_command(goals_command)
cli.add_command(culture_command)
cli.add_command(health_command)
cli.add_command(work_command)
for _command in ANALYSIS_COMMANDS:
    cli.add_command(_command)


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(cli.main(prog_name="techlead", standalone_mode=True))
