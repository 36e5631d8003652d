"""Reading a fixture of tests/data/syntax/ with a language's grammar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from techlead.mining.syntax.engine import SyntaxFacts, read
from techlead.mining.syntax.languages import grammar_for

DATA = Path(__file__).parents[2] / "data" / "syntax"


def reader(language: str, folder: str) -> Callable[[str], SyntaxFacts]:
    """A function reading ``tests/data/syntax/FOLDER/NAME`` as ``language`` (the file's
    name picks a dialect, e.g. ``.tsx``)."""

    def facts(name: str) -> SyntaxFacts:
        grammar = grammar_for(language, name)
        assert grammar is not None, language
        return read(grammar, (DATA / folder / name).read_bytes())

    return facts
