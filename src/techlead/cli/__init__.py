"""The techlead command line: one module per command group, each command thin.

A command parses its options, makes one call into the core, renders the result and sets
the exit code. TechleadError becomes one line on stderr and exit code 2; Ctrl-C and
SIGTERM become exit code 130 after the open transaction has been rolled back.
"""

from __future__ import annotations

import importlib
import signal
import sys
from types import FrameType
from typing import Any

import click
import duckdb

from techlead import __version__
from techlead.core.errors import TechleadError
from techlead.render.terminal import visible

# Each command's module, imported when the command runs (or help lists it): a command
# loads only what it uses, not the whole tool (techlead scan starts in ~0.4 s less).
# The analyses' commands (cli/analyses.py) are made from their registry.
_COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("techlead.cli.init", "init_command"),
    "scan": ("techlead.cli.scan", "scan_command"),
    "report": ("techlead.cli.communicate", "report_command"),
    "brief": ("techlead.cli.communicate", "brief_command"),
    "serve": ("techlead.cli.communicate", "serve_command"),
    "sql": ("techlead.cli.sql", "sql_command"),
    "deps": ("techlead.cli.inventory", "deps_command"),
    "tech": ("techlead.cli.inventory", "tech_command"),
    "sbom": ("techlead.cli.inventory", "sbom_command"),
    "risk": ("techlead.cli.risk", "risk_command"),
    "vulns": ("techlead.cli.risk", "vulns_command"),
    "adr": ("techlead.cli.adr", "adr_group"),
    "radar": ("techlead.cli.radar", "radar_group"),
    "codeowners": ("techlead.cli.codeowners", "codeowners_group"),
    "who": ("techlead.cli.who", "who_command"),
    "people": ("techlead.cli.people", "people_group"),
    "mentoring": ("techlead.cli.mentoring", "mentoring_command"),
    "decide": ("techlead.cli.decide", "decide_command"),
    "standards": ("techlead.cli.standards", "standards_command"),
    "policy": ("techlead.cli.policy", "policy_command"),
    "metrics": ("techlead.cli.direction", "metrics_command"),
    "history": ("techlead.cli.direction", "history_command"),
    "roadmap": ("techlead.cli.roadmap", "roadmap_command"),
    "goals": ("techlead.cli.goals", "goals_command"),
    "culture": ("techlead.cli.culture", "culture_command"),
    "health": ("techlead.cli.health", "health_command"),
    "work": ("techlead.cli.work", "work_command"),
}


def _analysis_commands() -> dict[str, click.Command]:
    from techlead.cli.analyses import ANALYSIS_COMMANDS

    return {command.name: command for command in ANALYSIS_COMMANDS if command.name}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*_COMMANDS, *_analysis_commands()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _COMMANDS:
            module, attribute = _COMMANDS[cmd_name]
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return _analysis_commands().get(cmd_name)

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
                _query_failed(exc)
                ctx.exit(2)
            raise


def _query_failed(exc: BaseException) -> None:
    """One line for a failed query, naming the query's own error."""
    from techlead.warehouse.connection import MEMORY_LIMIT_ENV, query_error

    exc = query_error(exc)
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    click.echo(f"techlead: error: the warehouse query failed: {visible(first)}", err=True)
    if isinstance(exc, duckdb.OutOfMemoryException):
        click.echo(
            f"techlead: tip: give DuckDB more memory with {MEMORY_LIMIT_ENV} "
            f"(e.g. {MEMORY_LIMIT_ENV}=2GB; see docs/performance.md, 'Memory limit')",
            err=True,
        )


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


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(cli.main(prog_name="techlead", standalone_mode=True))
