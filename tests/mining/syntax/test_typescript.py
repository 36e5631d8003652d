"""TypeScript (.ts with the typescript grammar, .tsx with the tsx grammar) functions and
biomarkers, worked out by hand on the files in tests/data/syntax/typescript/."""

from __future__ import annotations

from pathlib import Path

from techlead.mining.syntax.engine import SyntaxFacts, read
from techlead.mining.syntax.languages import grammar_for

DATA = Path(__file__).parents[2] / "data" / "syntax" / "typescript"


def facts(name: str) -> SyntaxFacts:
    grammar = grammar_for("TypeScript", f"src/{name}")
    assert grammar is not None
    return read(grammar, (DATA / name).read_bytes())


def test_the_grammar_follows_the_file_name() -> None:
    ts = grammar_for("TypeScript", "src/a.ts")
    tsx = grammar_for("TypeScript", "src/App.TSX")
    assert ts is not None and tsx is not None
    assert (ts.spec.entry, tsx.spec.entry) == ("language_typescript", "language_tsx")


def test_signatures_without_a_body_are_not_functions() -> None:
    names = [(f.name, f.start_line) for f in facts("decisions.ts").functions]
    # Shape.area() and Base.size() are signatures; the arrow function takes its constant's name
    assert names == [
        ("describe", 6),
        ("Square.constructor", 23),
        ("Square.area", 28),
        ("Square.size", 32),
        ("Square.grow", 36),
        ("parse", 43),
    ]


def test_decisions_ignore_optional_markers_and_optional_chaining() -> None:
    describe = facts("decisions.ts").functions[0]
    # 1 + `scale = 1` default + ?? + if + && + || + else-if + ?: = 8; `tag?:` and `tag?.`
    # are no decisions
    assert describe.cyclomatic == 8
    # `shape.area() > 10 && scale > 1 || tag`: two logical operators in the if's condition
    assert describe.complex_conditionals == 1
    assert (describe.parameters, describe.variables, describe.nesting) == (3, 1, 1)


def test_catch_and_loops() -> None:
    found = facts("decisions.ts").functions
    # grow: 1 + for-of = 2, one variable (step); parse: 1 + catch = 2
    assert [(f.cyclomatic, f.variables) for f in found[4:]] == [(2, 1), (2, 0)]


def test_cohesion_of_a_class() -> None:
    # area and grow use this.side, size calls this.area(): one group of 3 (constructor out)
    [square] = facts("decisions.ts").classes
    assert (square.name, square.methods, square.lcom4) == ("Square", 3, 1)


def test_tsx_component() -> None:
    component, mapper = facts("component.tsx").functions
    # List: 1 + if + ?? = 3; the arrow in items.map: 1 + ?: = 2
    assert (component.name, component.cyclomatic, component.parameters) == ("List", 3, 1)
    assert (mapper.cyclomatic, mapper.start_line, mapper.end_line) == (2, 9, 11)


def test_a_syntax_error_keeps_the_functions_tree_sitter_recovers() -> None:
    found = facts("broken.ts").functions
    # `fine` is intact; the unclosed `broken` swallows `later`, which is still found
    # inside it with its own complexity (1 + ||)
    assert [(f.name, f.cyclomatic) for f in found] == [
        ("fine", 2),
        ("(anonymous)", 2),
        ("(anonymous).later", 2),
    ]


def test_the_tsx_query_is_the_typescript_query() -> None:
    # tsx.toml repeats typescript.toml's query; only the grammar entry differs
    ts = grammar_for("TypeScript", "a.ts")
    tsx = grammar_for("TypeScript", "a.tsx")
    assert ts is not None and tsx is not None
    assert tsx.spec.query == ts.spec.query
