"""techlead decide on tests/data/broker.toml, every figure worked out by hand.

Scale 1..5; running cost is a cost (value = 6 − score). SQS does not meet the must-have.
  Kafka    3×5 + 2×(6−4) + 1×2 = 21 → 21/6 = 3.50
  RabbitMQ 3×3 + 2×(6−2) + 1×3 = 20 → 20/6 = 3.33
Sensitivity (A = the weighted sum of the other criteria; threshold = (A_K − A_R)/(v_R − v_K)):
  Throughput   A_K = 4 + 2 = 6,   A_R = 8 + 3 = 11, slope 3 − 5 = −2 → 2.5 (−0.5, 17%)
  Running cost A_K = 15 + 2 = 17, A_R = 9 + 3 = 12, slope 4 − 2 = 2  → 2.5 (+0.5, 25%)
  Team skills  A_K = 15 + 4 = 19, A_R = 9 + 8 = 17, slope 3 − 2 = 1  → 2   (+1, 100%)
17% < the 25% margin: not robust.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from conftest import run_cli

BROKER = Path(__file__).resolve().parents[1] / "data" / "broker.toml"


def test_decide_table(tmp_path: Path) -> None:
    result = run_cli("decide", str(BROKER))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "rank ┃ option   ┃ score ┃ status",
        "━━━━━╇━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━",
        "   1 │ Kafka    │   3.5 │ winner",
        "   2 │ RabbitMQ │  3.33 │",
        "   3 │ SQS      │       │ out: fails must-have: Runs on-premises",
        "Throughput (weight 3.00): RabbitMQ wins if its weight falls below 2.50 (-0.50, 17%)",
        "Running cost (weight 2.00): RabbitMQ wins if its weight rises above 2.50 (+0.50, 25%)",
        "Team skills (weight 1.00): RabbitMQ wins if its weight rises above 2.00 (+1.00, 100%)",
        "the decision is not robust: a weight change under 25% alters the winner",
    ]


def test_decide_writes_a_madr_draft(tmp_path: Path) -> None:
    shutil.copy(BROKER, tmp_path / "broker.toml")
    assert run_cli("adr", "init", "--root", str(tmp_path)).exit_code == 0
    result = run_cli("decide", str(tmp_path / "broker.toml"), "--adr", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    draft = (tmp_path / "doc/adr/0002-choose-a-message-broker.md").read_text()
    assert draft.startswith(
        f"---\nstatus: proposed\ndate: {date.today().isoformat()}\ndecision-makers: []\n---\n"
        "# Choose a message broker\n"
    )
    assert (
        '## Decision Outcome\n\nChosen option: "Kafka", because it has the highest weighted '
        "score (3.50 on a scale of 1.00 to 5.00).\n"
    ) in draft
    assert draft.endswith(
        "### Kafka\n\n* Good, because of Throughput (5.00)\n* Bad, because of Running cost "
        "(4.00)\n* Bad, because of Team skills (2.00)\n\n### RabbitMQ\n\n* Bad, because of "
        "Throughput (3.00)\n* Good, because of Running cost (2.00)\n* Good, because of Team "
        "skills (3.00)\n\n### SQS\n\n* Bad, because it fails the must-have: Runs on-premises\n"
    )
    assert run_cli("adr", "lint", "--root", str(tmp_path)).exit_code == 0


def test_robust_when_weights_dominate(tmp_path: Path) -> None:
    # Team skills weighs 0: Kafka 3×5 + 2×2 = 19 vs RabbitMQ 3×3 + 2×4 = 17.
    # Throughput: (4 − 8)/(3 − 5) = 2, −1 (33%); running cost: (15 − 9)/(4 − 2) = 3, +1
    # (50%); team skills has no relative change (weight 0). Both ≥ the 10% margin: robust.
    text = BROKER.read_text().replace(
        'name = "Team skills"\nweight = 1', 'name = "Team skills"\nweight = 0'
    )
    matrix = tmp_path / "m.toml"
    matrix.write_text(text.replace("title =", "margin = 0.1\ntitle ="))
    result = run_cli("decide", str(matrix), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("robust") == 1
    assert '"the decision is robust: a single weight must change by at least 10% to alter it"' in (
        result.stdout
    )


def test_bad_matrices(tmp_path: Path) -> None:
    matrix = tmp_path / "m.toml"
    matrix.write_text(BROKER.read_text().replace('"Team skills" = 2', '"Team skills" = 7'))
    bad = run_cli("decide", str(matrix))
    assert bad.exit_code == 2
    assert "option 'Kafka': score 7 for 'Team skills' is outside the scale 1..5" in bad.stderr
    matrix.write_text(BROKER.read_text().replace(', "Team skills" = 2 }', " }"))
    assert "option 'Kafka' has no score for 'Team skills'" in run_cli("decide", str(matrix)).stderr
    assert "no such file" in run_cli("decide", str(tmp_path / "none.toml")).stderr
