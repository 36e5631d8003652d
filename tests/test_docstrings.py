"""Docstring coverage of Python files (mining.docstrings), counted by hand."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from techlead.mining.docstrings import coverage

SOURCE = '''"""The module."""

class Shop:
    """A shop."""

    def __init__(self):
        pass

    def sell(self):
        return 1

    def _count(self):
        """Private: not counted."""


async def fetch():
    """Fetch."""


def _helper():
    pass


def outer():
    def inner():
        """Nested and public."""
    return inner
'''


def test_public_definitions_and_the_module() -> None:
    # module (documented), Shop (yes), sell (no), fetch (yes), outer (no), inner (yes):
    # __init__, _count and _helper are not counted.
    assert coverage(SOURCE) == (6, 4)


def test_edge_cases() -> None:
    assert coverage("") == (0, 0)  # no statement: not even the module counts
    assert coverage("x = 1\n") == (1, 0)
    assert coverage("print 'python 2'\n") is None  # unparsable: unknown, not zero
    assert coverage("x = '\\0'\x00\n") is None
    assert coverage("(" * 300 + ")" * 300) is None or coverage("(" * 300 + ")" * 300) == (1, 0)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_counts_or_none(text: str) -> None:
    found = coverage(text)
    assert found is None or 0 <= found[1] <= found[0]
