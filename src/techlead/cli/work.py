"""``techlead work``: new work, refactoring and rework per period and team
(analyses.work_breakdown; docs/metrics.md, "work breakdown")."""

from __future__ import annotations

from techlead.analyses.work_breakdown import ANALYSIS
from techlead.cli.analyses import command_for

work_command = command_for(ANALYSIS, "work")
