"""The main line's spans are gathered as Arrow batches while git is read."""

from __future__ import annotations

from techlead.mining.mainline import SPAN_SCHEMA, _Spans

B1, B2, B3 = "1" * 40, "2" * 40, "3" * 40


def test_spans_become_batches_in_order() -> None:
    spans = _Spans(rows_per_batch=2)
    spans.add("a.py", B1, "100644", 1, 3)
    spans.add("b/c.js", B2, "100755", 1, None)
    spans.add("a.py", B3, "100644", 3, None)
    assert len(spans) == 3
    table = spans.table()
    assert table.schema == SPAN_SCHEMA
    # the rows in the order added, each with its path's language (None for no language)
    assert [tuple(r.values()) for r in table.to_pylist()] == [
        ("a.py", B1, "100644", 1, 3, "Python"),
        ("b/c.js", B2, "100755", 1, None, "JavaScript"),
        ("a.py", B3, "100644", 3, None, "Python"),
    ]
    assert [b.num_rows for b in table.to_batches()] == [2, 1]  # two rows make a batch
