"""The delivery section: how often the repositories release, how long a change waits for a
release, how often a release needs fixing and how soon it is fixed; DORA's four keys as
far as git can tell them (analyses.delivery_window, analyses.delivery; docs/metrics.md
"delivery" and "Delivery metrics"). Every figure comes with its denominator, and the
method is said under the tables; a repository without release tags gets no figure."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from techlead.analyses import delivery, delivery_window, releases
from techlead.analyses.delivery_window import Window
from techlead.communicate import charts
from techlead.communicate.model import TITLES, Scope, count, listing, verb
from techlead.core.dates import span
from techlead.core.model import Section, Table
from techlead.core.policy import Policy

WINDOW_DAYS = 90  # the headline pools the releases of the 90 days before the moment
CHART_MONTHS = 12  # the chart draws the releases of each of the last twelve months
SHOWN = 40  # rows of the tables by repository and of releases (the headline counts all)

QUESTION = ("How often do we release, how long does a change wait for a release, and how "
            "often does a release need a fix?")  # fmt: skip


def method(policy: Policy) -> str:
    """How the figures are made, from the policy's values (said once, under the tables)."""
    return (
        "Releases are tags whose name matches the policy's release_tag_pattern, "
        f"{policy.release_tag_pattern} , dated by the tagger (else the tagged commit). Lead time: "
        "release time minus committer time of each commit a release first contains "
        "(values not positive are dropped and counted). A release failed when, within "
        f"{count(policy.change_failure_days, 'day')} (change_failure_days), one of its "
        "commits was reverted or a patch release carrying a fix followed; time to "
        "restore runs to the first release holding the fix. Band (DORA's): daily with at "
        "least a release a day, weekly a week, monthly a 30-day month, else fewer. A tag "
        "is not a deployment: what ran in production is not in git."
    )


def delivery_section(scope: Scope) -> Section:
    repos = scope.repo_names()
    tagless = scope.once(("delivery-tagless", tuple(repos)),
                         lambda: delivery_window.tagless(scope.con, repos))  # fmt: skip
    without = {t.repo for t in tagless}
    releasing = [r for r in repos if r not in without]
    since, until = scope.window(WINDOW_DAYS)
    period = f"the {span((until - since).days).removeprefix('a ')} to {until:%Y-%m-%d}"
    untagged = _untagged(tagless)
    without_table = Table(
        "Repositories without release tags (no delivery figures)",
        ("repo", "tags of other names"),
        [(t.repo, t.tags) for t in tagless],
    )
    if not releasing:  # said, with the repositories, so that no page hides it as empty
        said = ("No release tags: " + (untagged or "no repository in scope.") +
                " Delivery is not measured without them (no guess is made).")  # fmt: skip
        shown: tuple[Table, ...] = (without_table,) if without_table.rows else ()
        return Section("delivery", TITLES["delivery"], QUESTION, said, shown)
    whole, each = _windows(scope, tuple(releasing), since, until)
    last = _last_releases(scope, releasing, until)
    newest = max(last.values(), key=lambda r: (r.released_at, r.repo, r.tag), default=None)
    latest = (f" The last release: {newest.tag} of {newest.repo}, {newest.released_at:%Y-%m-%d}"
              f" ({count((until - newest.released_at).days, 'day')} before {until:%Y-%m-%d})."
              if newest is not None and not whole.releases else "")  # fmt: skip
    per_repo = [(repo, each.get(repo) or delivery_window.empty(since, until)) for repo in releasing]
    headline = (f"In {period}: {_said(whole)}{latest}{_bands(per_repo)}"
                + (f" {untagged}" if untagged else ""))  # fmt: skip
    note = method(scope.policy)
    tables = (
        Table(f"Delivery by repository, {period}",
              ("repo", "releases", "per 30 days", "band", "lead time (median h)",
               "commits measured", "failed", "change failure rate", "restored",
               "time to restore (median h)", "last release"),
              [(repo, w.releases, w.per_month, w.band, w.lead_time_median_hours,
                _measured(w), _of(w.failed, w.releases),
                _percent(w.change_failure_rate), _of(w.restored, w.failed),
                w.time_to_restore_median_hours, _last(last.get(repo)))
               for repo, w in sorted(per_repo, key=lambda p: (-p[1].releases, p[0]))[:SHOWN]],
              note, total=len(per_repo)),
        without_table,
    )  # fmt: skip
    shipped = scope.run(releases.ANALYSIS, releases.ReleasesParams(), repos=tuple(releasing),
                        since=since, until=until).rows  # fmt: skip
    listed = Table(f"Releases, {period}, newest first",
                   ("repo", "tag", "released", "commits", "lead time (median h)", "failed",
                    "time to restore (h)"),
                   [(r.repo, r.tag, f"{r.released_at:%Y-%m-%d}",
                     "off HEAD's history" if r.commits is None else r.commits,
                     r.lead_time_median_hours, "failed" if r.failed else "",
                     r.time_to_restore_hours) for r in list(reversed(shipped))[:SHOWN]],
                   total=len(shipped))  # fmt: skip
    months, chart = _months(scope, releasing, until)
    facts = (
        ("DORA band (deployment frequency)", whole.band),
        (f"releases ({whole.per_month:g} per 30 days)", f"{whole.releases:,}"),
        (f"lead time, median of {count(whole.lead_times, 'commit')}",
         _duration(whole.lead_time_median_hours) or "none measured"),
        (f"change failure rate, {whole.failed:,} of {count(whole.releases, 'release')}",
         _percent(whole.change_failure_rate) or "no release"),
        (f"time to restore, median of {count(whole.restored, 'restored release')}",
         _duration(whole.time_to_restore_median_hours) or "none restored"),
    )  # fmt: skip
    return Section("delivery", TITLES["delivery"], QUESTION, headline,
                   tuple(t for t in (*tables, listed, months) if t.rows), chart, facts,
                   caption="releases per month, by repository" if chart else "")  # fmt: skip


def _windows(
    scope: Scope, repos: tuple[str, ...], since: datetime, until: datetime
) -> tuple[Window, dict[str, Window]]:
    options = scope.scoped(repos=repos, since=None, until=None)
    return scope.once(
        ("delivery-windows", repos, since, until),
        lambda: delivery_window.windows(scope.con, options, since, until),
    )


def _last_releases(
    scope: Scope, repos: list[str], until: datetime
) -> dict[str, releases.ReleaseRow]:
    """Each repository's newest release before ``until``."""
    found = scope.run(releases.ANALYSIS, releases.ReleasesParams(), repos=tuple(repos),
                      since=None, until=until)  # fmt: skip
    return {r.repo: r for r in found.rows}  # sorted by release time: the newest stays


def _last(row: releases.ReleaseRow | None) -> str:
    return "" if row is None else f"{row.tag}, {row.released_at:%Y-%m-%d}"


def _of(part: int, whole: int) -> str | None:
    """``3 of 41``; nothing when there is no denominator."""
    return f"{part:,} of {whole:,}" if whole else None


def _measured(w: Window) -> str | None:
    """The commits whose lead time was measured, of those the releases first contain, and
    the releases HEAD's history does not reach (their commits are not known)."""
    off = (f"{count(w.unmeasured, 'release')} off HEAD's history, not measured"
           if w.unmeasured else "")  # fmt: skip
    counted = _of(w.lead_times, w.commits)
    return "; ".join(p for p in (counted, off) if p) or None


def _said(w: Window) -> str:
    """The window's figures in one sentence, each with its denominator."""
    if not w.releases:
        return "no release (DORA band: fewer than monthly)."
    lead = (f"median lead time {_duration(w.lead_time_median_hours)} over "
            f"{count(w.lead_times, 'commit')}" if w.lead_time_median_hours is not None
            else "no lead time measured")  # fmt: skip
    dropped = f" ({w.non_positive:,} not positive, dropped)" if w.non_positive else ""
    restore = ""
    if w.failed:
        restore = (
            f"; median time to restore {_duration(w.time_to_restore_median_hours)} over "
            f"{count(w.restored, 'restored release')}"
            if w.time_to_restore_median_hours is not None
            else "; none restored yet"
        )
        if w.restored and w.failed > w.restored:
            restore += f", {w.failed - w.restored:,} not yet"
    return (
        f"{count(w.releases, 'release')} ({w.per_month:g} per 30 days, DORA band {w.band}); "
        f"{lead}{dropped}; {w.failed:,} of {count(w.releases, 'release')} "
        f"{verb(w.failed, 'was', 'were')} followed by a revert or a fixing patch release "
        f"(change failure rate {_percent(w.change_failure_rate)}){restore}."
    )  # fmt: skip


def _bands(per_repo: list[tuple[str, Window]]) -> str:
    """Each repository's band, when several pool into the headline's: five repositories
    releasing monthly make a weekly workspace."""
    if len(per_repo) < 2:
        return ""
    order = ("daily", "weekly", "monthly", "fewer")
    said = [f"{listing([r for r, w in per_repo if w.band == b])} {b}" for b in order
            if any(w.band == b for _, w in per_repo)]  # fmt: skip
    return " By repository: " + "; ".join(said) + "."


def _untagged(tagless: list[delivery_window.Tagless]) -> str:
    if not tagless:
        return ""
    names = listing([t.repo for t in tagless], 5)
    n = len(tagless)
    return (f"{count(n, 'repository', 'repositories')} {verb(n, 'has', 'have')} no release "
            f"tag ({names}): not measured.")  # fmt: skip


def _percent(rate: float | None) -> str:
    """A rate as a share, to 0.1 % as the change-failure-rate metric says it."""
    return "" if rate is None else f"{round(100 * rate, 1):g}%"


def _duration(hours: float | None) -> str:
    """``229 hours (9.5 days)``: hours as the metrics give them, in days past two."""
    if hours is None:
        return ""
    days = f" ({hours / 24:.1f} days)" if hours >= 48 else ""
    return f"{hours:g} {'hour' if hours == 1 else 'hours'}{days}"


def _months(scope: Scope, repos: list[str], until: datetime) -> tuple[Table, charts.Figure | None]:
    """Releases, lead time and failures of each of the CHART_MONTHS months up to the one
    holding the page's end (months without a release too), and a chart of the releases per
    month by repository."""
    last = (until - timedelta(microseconds=1)).date().replace(day=1)
    starts = [_month_start(last, back) for back in range(CHART_MONTHS - 1, -1, -1)]
    start = datetime(starts[0].year, starts[0].month, 1, tzinfo=until.tzinfo)
    labels = [f"{m:%Y-%m}" for m in starts]
    params = delivery.DeliveryParams(every="month")
    found = scope.run(delivery.ANALYSIS, params, repos=tuple(repos), since=start, until=until)
    by_label = {f"{r.period:%Y-%m}": r for r in found.rows}
    table = Table(f"Month by month, the last {CHART_MONTHS} (all repositories with release tags)",
                  ("month", "releases", "band", "lead time (median h)", "commits measured",
                   "failed", "restored", "time to restore (median h)"),
                  [(label, r.releases, r.band, r.lead_time_median_hours,
                    _of(r.lead_times, r.commits), _of(r.failed, r.releases), r.restored,
                    r.time_to_restore_median_hours) if (r := by_label.get(label)) else
                   (label, 0, "fewer", None, None, None, 0, None)
                   for label in reversed(labels)])  # fmt: skip
    series: dict[str, list[int]] = {}
    shipped = scope.run(releases.ANALYSIS, releases.ReleasesParams(), repos=tuple(repos),
                        since=start, until=until).rows  # fmt: skip
    at = {label: i for i, label in enumerate(labels)}
    for one in shipped:
        if (i := at.get(f"{one.released_at:%Y-%m}")) is not None:
            series.setdefault(one.repo, [0] * len(labels))[i] += 1
    chart = charts.stacked_bars(labels, series, "releases per month") if series else None
    return table, chart


def _month_start(month: date, back: int) -> date:
    """The first day of the month ``back`` months before ``month``."""
    total = month.year * 12 + month.month - 1 - back
    return date(total // 12, total % 12 + 1, 1)
