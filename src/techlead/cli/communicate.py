"""techlead report, brief and serve: the evidence told to people."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import signal
import socket
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import click

from techlead.cli.options import (
    db_option,
    open_reading,
    out_file,
    radar_options,
    resolve_db,
    write_file,
)
from techlead.communicate.brief import briefing
from techlead.communicate.model import Scope
from techlead.communicate.report import AUDIENCES, report, subtitle
from techlead.communicate.roles import ROLES, build, role, section_ids
from techlead.core.dates import parse_date
from techlead.core.errors import TechleadError
from techlead.core.model import Options
from techlead.decisions.radar import Radar
from techlead.decisions.radar import load as load_radar
from techlead.decisions.roadmap import load as load_roadmap
from techlead.direction.goals import read_goals
from techlead.direction.history_cache import flush
from techlead.render.brief_text import briefing_text
from techlead.render.report import report_html
from techlead.risk import hand_kept, osv
from techlead.risk.osv import Database
from techlead.warehouse.workspace import workspace_file

ROLE_CHOICE = click.Choice(list(ROLES))
F = TypeVar("F", bound=Callable[..., Any])


def _radar(path: Path | None, rings: tuple[str, ...] | None, quadrants: tuple[str, ...] | None
           ) -> Radar | None:  # fmt: skip
    return load_radar(path, rings, quadrants) if path else None


def _advisories(path: Path | None) -> Database | None:
    return osv.load(path) if path else None


OSV_OPTION = click.option(
    "--osv", "osv_path", type=click.Path(exists=True, path_type=Path),
    help="OSV data (directory, all.zip or JSON file): vulnerable dependencies join the "
    "risk register.",
)  # fmt: skip


NOW_OPTION = click.option(
    "--now", help="The date activity is measured to (default: when the last scan ran)."
)
RISKS_OPTION = click.option(
    "--risks", "risks_file", type=click.Path(dir_okay=False, path_type=Path),
    help="Hand-kept risks applied to the register (default: ./risks.toml, else the "
    "workspace's risks.toml).",
)  # fmt: skip
GOALS_OPTION = click.option(
    "--goals", "goals_file", type=click.Path(dir_okay=False, path_type=Path),
    help="The goals file of the goals section (default: ./goals.toml, else the workspace's "
    "goals.toml).",
)  # fmt: skip
ROADMAP_OPTION = click.option(
    "--roadmap", "roadmap_file", type=click.Path(dir_okay=False, path_type=Path),
    help="The roadmap file of the roadmap section (default: ./roadmap.toml, else the "
    "workspace's roadmap.toml).",
)  # fmt: skip
TRENDS_OPTION = click.option(
    "--trends/--no-trends", default=True, show_default=True,
    help="Say how each light's and section's metrics moved since the previous scan and "
    "over twelve months (back-computing the history takes time on a large workspace).",
)  # fmt: skip


def _common(func: F) -> F:
    for option in reversed(  # the first listed is the outermost decorator
        (
            click.option("--repo", multiple=True, help="Only this repository (repeatable)."),
            radar_options("A technology radar: adds the radar and its compliance check."),
            OSV_OPTION,
            RISKS_OPTION,
            GOALS_OPTION,
            ROADMAP_OPTION,
            TRENDS_OPTION,
            NOW_OPTION,
            db_option,
        )
    ):
        func = option(func)
    return func


def _direction_files(goals_file: Path | None, roadmap_file: Path | None) -> None:
    """A goals or roadmap file given on the command line is read before any work: one that
    is missing or malformed is a one-line error, not a section saying so."""
    if goals_file is not None:
        read_goals(workspace_file(None, goals_file, "goals.toml", "goals file") or goals_file)
    if roadmap_file is not None:
        load_roadmap(workspace_file(None, roadmap_file, "roadmap.toml", "roadmap file")
                     or roadmap_file)  # fmt: skip


@click.command("report")
@out_file(
    default=Path("techlead-report.html"), show_default=True,
              help="The HTML file to write.")  # fmt: skip
@click.option("--role", "role_name", type=ROLE_CHOICE, help="Tailor it to this role.")
@click.option("--audience", type=click.Choice(AUDIENCES), default="engineering",
              show_default=True, help="executive: a one-page brief in plain language.")  # fmt: skip
@_common
def report_command(out: Path, role_name: str | None, audience: str, repo: tuple[str, ...],
                   radar_file: Path | None, rings: tuple[str, ...] | None,
                   quadrants: tuple[str, ...] | None, osv_path: Path | None,
                   risks_file: Path | None, goals_file: Path | None, roadmap_file: Path | None,
                   trends: bool, now: str | None, db: Path | None) -> None:  # fmt: skip
    """Write a self-contained HTML report (works offline; print it to PDF from a browser)."""
    radar = _radar(radar_file, rings, quadrants)
    advisories = _advisories(osv_path)
    _direction_files(goals_file, roadmap_file)
    con = open_reading(db, repo)
    try:
        scope = Scope(con, Options(repos=repo), parse_date(now, what="--now") if now else None,
                      radar, advisories=advisories,
                      hand_kept=tuple(hand_kept.read(con, risks_file)), goals_file=goals_file,
                      roadmap_file=roadmap_file, trends=trends)  # fmt: skip
        html = report_html(report(scope, role(role_name), audience), audience)
    finally:
        con.close()
        flush(resolve_db(db))  # the metric history computed for the trends, for next time
    write_file(out, html)
    click.echo(f"techlead: wrote {out.resolve()}")


@click.command("brief")
@click.option("--role", "role_name", type=ROLE_CHOICE, help="Tailor it to this role.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True, help="Output format.")  # fmt: skip
@_common
def brief_command(role_name: str | None, fmt: str, repo: tuple[str, ...],
                  radar_file: Path | None, rings: tuple[str, ...] | None,
                  quadrants: tuple[str, ...] | None, osv_path: Path | None,
                  risks_file: Path | None, goals_file: Path | None, roadmap_file: Path | None,
                  trends: bool, now: str | None, db: Path | None) -> None:  # fmt: skip
    """Print a plain-language briefing: traffic lights, three decisions, the headlines."""
    radar = _radar(radar_file, rings, quadrants)
    advisories = _advisories(osv_path)
    chosen = role(role_name)
    _direction_files(goals_file, roadmap_file)
    con = open_reading(db, repo)
    try:
        scope = Scope(con, Options(repos=repo), parse_date(now, what="--now") if now else None,
                      radar, advisories=advisories,
                      hand_kept=tuple(hand_kept.read(con, risks_file)), goals_file=goals_file,
                      roadmap_file=roadmap_file, trends=trends)  # fmt: skip
        subtitle(scope, chosen)  # one clear error for an empty warehouse
        brief = briefing(scope, chosen, build(scope, section_ids(chosen)))
    finally:
        con.close()
        flush(resolve_db(db))  # the metric history computed for the trends, for next time
    if fmt == "json":
        click.echo(json.dumps(asdict(brief), indent=2))
    else:
        click.echo(briefing_text(brief, markdown=fmt == "markdown"), nl=False)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on.")  # fmt: skip
@radar_options("A technology radar for the radar page.")
@OSV_OPTION
@RISKS_OPTION
@GOALS_OPTION
@ROADMAP_OPTION
@TRENDS_OPTION
@NOW_OPTION
@db_option
def serve_command(host: str, port: int, radar_file: Path | None, rings: tuple[str, ...] | None,
                  quadrants: tuple[str, ...] | None, osv_path: Path | None,
                  risks_file: Path | None, goals_file: Path | None, roadmap_file: Path | None,
                  trends: bool, now: str | None, db: Path | None) -> None:  # fmt: skip
    """Serve a read-only dashboard over the warehouse (Ctrl-C stops it)."""
    import uvicorn

    from techlead.web.app import create_app

    advisories = _advisories(osv_path)
    moment = parse_date(now, what="--now") if now else None
    radar = _radar(radar_file, rings, quadrants)
    _direction_files(goals_file, roadmap_file)
    listening = _listen(host, port)  # the port is ours before the address is announced
    try:
        port = int(listening.getsockname()[1])
        server = uvicorn.Server(uvicorn.Config("", log_level="warning", access_log=False))
        with _stop_on_signal(server):
            app = create_app(resolve_db(db), radar, advisories, moment, risks_file,
                             bound=(host, port), goals_file=goals_file,
                             roadmap_file=roadmap_file, trends=trends)  # fmt: skip
            try:
                server.config.app = app
                _announce(host, port)
                if not server.should_exit:
                    server.run(sockets=[listening])
            finally:
                app.close()
                flush(resolve_db(db))  # the history the pages computed, for the next reader
    finally:
        listening.close()


@contextlib.contextmanager
def _stop_on_signal(server: Any) -> Iterator[None]:
    """Ctrl-C or SIGTERM from here on asks the server to stop instead of raising
    KeyboardInterrupt wherever the main thread happens to be (inside asyncio's start, a
    weakref callback that swallows it, or while the first pages are built in a thread);
    uvicorn installs its own handlers while it serves and restores these after."""

    def stop(signum: int, frame: object) -> None:
        server.should_exit = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _announce(host: str, port: int) -> None:
    if not _loopback(host):
        click.echo(f"techlead: warning: binding {host} exposes the dashboard beyond this "
                   "machine; it has no authentication", err=True)  # fmt: skip
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"techlead: serving http://{shown}:{port}/ (read-only; Ctrl-C stops)", err=True)


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, handed to the server as it is: a port another program
    holds is one line before any address is announced, and no other program can take it
    between the check and the start."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (OSError, UnicodeError) as exc:
        raise TechleadError(f"cannot serve on {host}:{port}: {_reason(exc)}") from None
    listening = socket.socket(family, kind, proto)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
    except OSError as exc:
        listening.close()
        raise TechleadError(f"cannot serve on {host}:{port}: {_reason(exc)}") from None
    return listening


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
