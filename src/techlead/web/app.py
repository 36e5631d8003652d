"""The dashboard's routes. Every page has a ``.json`` twin; nothing writes.

Pages are built from the same Sections as the report (communicate.roles, .drilldown),
one at a time on one cursor of a read-only DuckDB connection, and kept in a small cache
keyed by the URL (the home page and every unfiltered section are built in the
background when the server starts): the warehouse cannot change under a read-only
connection, so a page once built stays true while the connection is open (until
risks.toml, applied to the register as it is read, changes: the cache starts again), and
so does the change history prepared for a set of filters, which the cursor keeps for the
next page with the same filters (analyses.changes.prepare).

A scan can write while the dashboard serves: the server says it serves (a marker next
to the warehouse, warehouse.connection.announce_serving), a scan that finds the
warehouse held by it waits and says so (another marker), and the server lets the
warehouse go between two pages. While the scan writes, pages already built are served
from the cache with a note, others answer 503; the first page after the scan commits
opens the warehouse again and, since the file changed, builds every page anew. Only
three fixed assets are served; no URL names a file on disk.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from techlead import __version__
from techlead.analyses.names import choices
from techlead.communicate.brief import briefing
from techlead.communicate.drilldown import (
    NotFound,
    adr_page,
    component_page,
    file_page,
    person_page,
)
from techlead.communicate.model import TITLES, Scope
from techlead.communicate.report import subtitle
from techlead.communicate.roles import BUILDERS, build
from techlead.core.errors import TechleadError, WarehouseBusyError
from techlead.core.model import Section
from techlead.decisions.radar import Radar
from techlead.render.html import dashboard_link, plotly_js, render, script, stylesheet
from techlead.risk import hand_kept
from techlead.risk.osv import Database
from techlead.warehouse.connection import announce_serving, open_warehouse, writer_waiting
from techlead.web.filters import Filters, filters_from, scope_for
from techlead.web.guard import Guard, allowed_hosts
from techlead.web.serialise import sections_json

Stamp = tuple[int, int, int, int]
Page = tuple[str, list[Section], Any]  # subtitle, sections, briefing (home page)


class Pages:
    """Build, cache and serve pages for one warehouse."""

    def __init__(
        self,
        db: Path,
        radar: Radar | None,
        advisories: Database | None,
        now: datetime | None = None,
        risks_file: Path | None = None,
        cache_size: int = 256,
        files: tuple[Path | None, Path | None] = (None, None),
        trends: bool = True,
    ) -> None:
        self.db = db
        self.con: duckdb.DuckDBPyConnection | None = None  # let go while a scan writes
        self.cursor: duckdb.DuckDBPyConnection | None = None  # one page is built at a time
        self.build_lock = threading.Lock()  # held while a page is built, and to let go
        self.stopping = threading.Event()
        with self.build_lock, self.opened() as cursor:
            self.risks_file = hand_kept.locate(cursor, risks_file)
            self.choices = choices(cursor)
        self.serving = announce_serving(db)  # a scan asks us to let go (connection.py)
        self.watcher = threading.Thread(target=self.watch, name="techlead-watch", daemon=True)
        self.watcher.start()
        self.radar = radar
        self.advisories = advisories
        self.now = now
        self.goals_file, self.roadmap_file = files  # --goals and --roadmap
        self.trends = trends
        self.risks_stamp: float | None = None
        self.kept: tuple[hand_kept.HandKept, ...] = ()
        # each page with the warehouse's stamp when it was built: kept after a scan, to
        # be served (and say so) while the next one writes, until it is built again
        self.cache: OrderedDict[str, tuple[Stamp, Page]] = OrderedDict()
        self.cache_size = cache_size
        self.stamp = _stamp(db)  # of the warehouse the cached pages were built from
        self.lock = threading.Lock()  # guards the cache
        self.warmer: threading.Thread | None = None

    def build(self, request: Request, make: Callable[[Scope], list[Section]]) -> Page:
        path = str(request.url.path).removesuffix(".json")
        return self.cached(path, str(request.url.query), filters_from(request), make)

    def start_warming(self) -> None:
        self.warmer = threading.Thread(target=self.warm, name="techlead-warm", daemon=True)
        self.warmer.start()

    def warm(self) -> None:
        """Build the home page and every unfiltered section once, in the background, so
        that the first visitor finds them ready."""
        try:
            self.cached("/", "", Filters(), _section_maker("overview"))
            for name in BUILDERS:
                if self.stopping.is_set():
                    return
                self.cached(f"/section/{name}", "", Filters(), _section_maker(name))
        except Exception:  # a page that fails here fails again, and says why, when asked
            return

    def close(self) -> None:
        """Stop the background work and close the warehouse. A DuckDB query still running
        in a thread when the interpreter exits aborts the process (SIGABRT), which is what
        Ctrl-C right after start did."""
        self.stopping.set()
        while self.warmer is not None and self.warmer.is_alive():
            if (cursor := self.cursor) is not None:
                cursor.interrupt()  # a no-op between two queries: so again until it ends
            self.warmer.join(timeout=0.05)
        self.watcher.join()
        with self.build_lock:  # a page being built for a visitor ends first
            self.release()
            if self.serving is not None:
                self.serving.unlink(missing_ok=True)
                self.serving = None

    def watch(self) -> None:
        """Let the warehouse go as soon as a scan waits to write it (between two pages)."""
        while not self.stopping.wait(POLL_S):
            if self.con is not None and writer_waiting(self.db):
                with self.build_lock:
                    self.release()

    def release(self) -> None:
        """Close the warehouse (under build_lock); the next page opens it again."""
        if self.cursor is not None:
            self.cursor.close()
            self.cursor = None
        if self.con is not None:
            self.con.close()
            self.con = None

    @contextmanager
    def opened(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The read-only cursor pages are built on (under build_lock), opened when the
        warehouse was let go. Refused (WarehouseBusyError) while a scan writes or waits to."""
        if writer_waiting(self.db) or self.stopping.is_set():
            self.release()
            raise _busy(self.db)
        if self.con is None or self.cursor is None:
            self.con = open_warehouse(self.db, read_only=True)
            self.cursor = self.con.cursor()
        yield self.cursor

    def risks_kept(self) -> tuple[hand_kept.HandKept, ...]:
        """risks.toml as it is now: read again, and the cache emptied, when it changed."""
        if self.risks_file is None:
            return ()
        try:
            stamp = self.risks_file.stat().st_mtime
        except OSError:
            stamp = None
        if stamp != self.risks_stamp:
            kept = tuple(hand_kept.load_hand_kept(self.risks_file)) if stamp else ()
            with self.lock:
                self.cache.clear()
                self.kept, self.risks_stamp = kept, stamp
        return self.kept

    def lookup(self, key: str, stamp: Stamp | None = None) -> Page | None:
        """The cached page at ``key``: built from the warehouse as ``stamp`` says it is,
        or (no stamp) from whatever the warehouse last was."""
        with self.lock:
            if key in self.cache and stamp in (None, self.cache[key][0]):
                self.cache.move_to_end(key)
                return self.cache[key][1]
        return None

    def cached(
        self, path: str, query: str, filters: Filters, make: Callable[[Scope], list[Section]]
    ) -> Page:
        key = path + "?" + query
        kept = self.risks_kept()
        if (page := self.lookup(key, _stamp(self.db))) is not None:
            return page
        with self.build_lock:
            try:
                with self.opened() as cursor:
                    return self.built(key, path, filters, make, kept, cursor)
            except WarehouseBusyError:
                if (page := self.lookup(key)) is None:
                    raise
                heading, sections, extra = page  # committed data from before, and says so
                return f"{heading} · {STALE}", sections, extra

    def built(
        self,
        key: str,
        path: str,
        filters: Filters,
        make: Callable[[Scope], list[Section]],
        kept: tuple[hand_kept.HandKept, ...],
        cursor: duckdb.DuckDBPyConnection,
    ) -> Page:
        """The page at ``key``, built on ``cursor`` unless the cache has it from the
        warehouse as it is now (nobody writes while the cursor is open)."""
        stamp = _stamp(self.db)
        if stamp != self.stamp:  # a scan (or a flush) wrote: every page is built again
            self.choices = choices(cursor)
            self.stamp = stamp
            if self.warmer is not None and not self.warmer.is_alive():
                self.start_warming()  # the home page and sections again, for what follows
        if (page := self.lookup(key, stamp)) is not None:  # built while we waited
            return page
        scope = scope_for(cursor, filters, self.radar, self.advisories, self.now, kept)
        scope = replace(scope, goals_file=self.goals_file, roadmap_file=self.roadmap_file,
                        trends=self.trends)  # fmt: skip
        heading = subtitle(scope, None)
        sections = make(scope)
        home = path in ("/", "/index")
        extra = briefing(scope, None, sections) if home else None
        with self.lock:
            self.cache[key] = (stamp, (heading, sections, extra))
            self.cache.move_to_end(key)
            if len(self.cache) > self.cache_size:
                self.cache.popitem(last=False)
        return heading, sections, extra


POLL_S = 0.05  # how often the server looks whether a scan waits for the warehouse
STALE = "a scan is writing the warehouse: this page shows the data from before it"


def _stamp(db: Path) -> Stamp:
    """The warehouse file's and its write-ahead log's modification time and size: they
    change when anything is committed to it (a read-only connection writes nothing)."""
    found: list[int] = []
    for file in (db, db.with_name(db.name + ".wal")):
        try:
            info = file.stat()
            found += [info.st_mtime_ns, info.st_size]
        except OSError:
            found += [0, 0]
    return found[0], found[1], found[2], found[3]


def _busy(db: Path) -> WarehouseBusyError:
    return WarehouseBusyError(f"{db} is being written by a scan", tip="try again in a moment")


def _section_maker(name: str) -> Callable[[Scope], list[Section]]:
    """A page of one section, with the trends of its metrics."""
    return lambda scope: build(scope, (name,))


def create_app(
    db: Path,
    radar: Radar | None = None,
    advisories: Database | None = None,
    now: datetime | None = None,
    risks_file: Path | None = None,
    warm: bool = True,
    bound: tuple[str, int] = ("127.0.0.1", 8000),
    goals_file: Path | None = None,
    roadmap_file: Path | None = None,
    trends: bool = True,
) -> Guard:
    """The dashboard as an ASGI app that answers requests addressed to ``bound`` (the
    address and port the server listens on; web/guard.py). ``app.close()`` stops its
    background work and closes the warehouse."""
    pages = Pages(db, radar, advisories, now, risks_file, files=(goals_file, roadmap_file),
                  trends=trends)  # fmt: skip
    css, js, plotly = stylesheet(), script(), plotly_js()

    def respond(request: Request, make: Callable[[Scope], list[Section]], title: str) -> Response:
        try:
            heading, sections, brief = pages.build(request, make)
        except NotFound as exc:
            return _error(request, 404, str(exc))
        except WarehouseBusyError:  # not built before the scan began: after it, then
            return _error(request, 503, STALE.split(":")[0] + "; this page will be ready after it")
        except TechleadError as exc:
            return _error(request, 400, str(exc))
        except duckdb.Error as exc:  # a query the warehouse could not run: one line, no trace
            return _error(request, 500, f"the warehouse query failed: {str(exc).splitlines()[0]}")
        if request.url.path.endswith(".json"):
            return JSONResponse(
                {"title": title, "subtitle": heading, **sections_json(sections, brief)}
            )
        html = render(
            "dashboard.html.j2",
            title=title,
            subtitle=heading,
            sections=[s for s in sections if not s.empty],
            brief=brief,
            titles=TITLES,
            link=dashboard_link,
            filters=filters_from(request),
            show_filters=request.url.path in ("/", "/delivery", "/work")
            or request.url.path.startswith("/section/"),
            choices=pages.choices,
            path=request.url.path,
            json_url=_json_twin(request),
            version=__version__,
        )
        return HTMLResponse(html)

    def home(request: Request) -> Response:
        return respond(request, _section_maker("overview"), "techlead dashboard")

    def section(request: Request) -> Response:
        name = request.path_params["name"].removesuffix(".json")
        if name not in BUILDERS:
            return _error(request, 404, f"no section {name!r} (sections: {', '.join(BUILDERS)})")
        return respond(request, _section_maker(name), TITLES[name])

    def delivery(request: Request) -> Response:
        """The delivery page: the Delivery section, with the filters (docs/cli.md serve)."""
        return respond(request, _section_maker("delivery"), TITLES["delivery"])

    def work(request: Request) -> Response:
        """The work page: the Work breakdown section, with the filters (docs/cli.md serve)."""
        return respond(request, _section_maker("work"), TITLES["work"])

    def drill(
        kind: str, fields: tuple[str, ...], make: Callable[..., list[Section]]
    ) -> list[Route]:
        def endpoint(request: Request) -> Response:
            values = [request.query_params.get(f) for f in fields]
            if any(v is None or v == "" for v in values):
                return _error(request, 400, f"/{kind} needs: {', '.join(fields)}")
            return respond(
                request,
                lambda scope: make(scope, *values),
                kind.upper() if kind == "adr" else kind.capitalize(),
            )

        return [Route(f"/{kind}{suffix}", endpoint, methods=["GET"]) for suffix in ("", ".json")]

    def asset(body: str, media: str) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            return Response(body, media_type=media, headers={"Cache-Control": "max-age=3600"})

        return endpoint

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/index.json", home, methods=["GET"]),
        Route("/section/{name}", section, methods=["GET"]),
        Route("/delivery", delivery, methods=["GET"]),
        Route("/delivery.json", delivery, methods=["GET"]),
        Route("/work", work, methods=["GET"]),
        Route("/work.json", work, methods=["GET"]),
        *drill("file", ("repo", "path"), file_page),
        *drill("component", ("repo", "name"), component_page),
        *drill("person", ("name",), person_page),
        *drill("adr", ("repo", "path"), adr_page),
        Route("/static/plotly.min.js", asset(plotly, "text/javascript"), methods=["GET"]),
        Route("/static/techlead.js", asset(js, "text/javascript"), methods=["GET"]),
        Route("/static/style.css", asset(css, "text/css"), methods=["GET"]),
    ]
    guarded = Guard(Starlette(routes=routes), allowed_hosts(*bound), bound[1], pages.close)
    if warm:
        pages.start_warming()
    return guarded


def _json_twin(request: Request) -> str:
    """The URL of this page's JSON twin, with the same query (filters, drill-down keys)."""
    path = "/index" if request.url.path == "/" else request.url.path
    return f"{path}.json" + (f"?{request.url.query}" if request.url.query else "")


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.endswith(".json"):
        return JSONResponse({"error": message}, status_code=status)
    body = render("error.html.j2", status=status, message=message)
    return HTMLResponse(body, status_code=status)
