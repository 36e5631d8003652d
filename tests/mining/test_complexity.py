"""Tests for techlead.mining.complexity: hand-computed metrics for twelve languages, read
with tree-sitter (the same function in each; tests/mining/syntax has one file per biomarker
and language)."""

from __future__ import annotations

import pytest

from techlead.mining.complexity import (
    SUPPORTED,
    FileComplexity,
    FunctionMetrics,
    indentation_complexity,
    measure,
)

# Every sample holds one function with a loop, an if/else and one `&&`/`and`:
#   cyclomatic = 1 (base) + 1 (loop) + 1 (if) + 1 (&&) = 4      (else adds nothing)
#   nesting    = loop at +1 level, the if inside it at +2 levels  = 2
# Lengths are end - start + 1 counted on the text; parameters are counted on the signature.
SAMPLES: dict[str, tuple[str, FunctionMetrics]] = {
    # lines 1-8 -> length 8; params a, b, c=1 -> 3
    "Python": (
        "def f(a, b, c=1):\n"
        "    total = 0\n"
        "    for x in a:\n"
        "        if x > 0 and b:\n"
        "            total += x\n"
        "        else:\n"
        "            total -= 1\n"
        "    return total\n",
        FunctionMetrics("f", 1, 8, 8, 4, 2, 3),
    ),
    # lines 1-11 -> 11; params a, b -> 2
    "JavaScript": (
        "function f(a, b) {\n"
        "  let t = 0;\n"
        "  for (const x of a) {\n"
        "    if (x > 0 && b) {\n"
        "      t += x;\n"
        "    } else {\n"
        "      t -= 1;\n"
        "    }\n"
        "  }\n"
        "  return t;\n"
        "}\n",
        FunctionMetrics("f", 1, 11, 11, 4, 2, 2),
    ),
    # lines 1-11 -> 11; params a, b -> 2; `?` of a ternary adds 1 (cyclomatic 5)
    "TypeScript": (
        "function f(a: number[], b: boolean): number {\n"
        "  let t = 0;\n"
        "  for (const x of a) {\n"
        "    if (x > 0 && b) {\n"
        "      t += x;\n"
        "    } else {\n"
        "      t -= x > 9 ? 2 : 1;\n"
        "    }\n"
        "  }\n"
        "  return t;\n"
        "}\n",
        FunctionMetrics("f", 1, 11, 11, 5, 2, 2),
    ),
    # method on lines 2-12 -> 11; qualified name K.f; params a, b -> 2
    "Java": (
        "class K {\n"
        "    int f(int[] a, boolean b) {\n"
        "        int t = 0;\n"
        "        for (int x : a) {\n"
        "            if (x > 0 && b) {\n"
        "                t += x;\n"
        "            } else {\n"
        "                t -= 1;\n"
        "            }\n"
        "        }\n"
        "        return t;\n"
        "    }\n"
        "}\n",
        FunctionMetrics("K.f", 2, 12, 11, 4, 2, 2),
    ),
    # tab-indented (gofmt); lines 3-13 -> 11; params a, b -> 2
    "Go": (
        "package p\n"
        "\n"
        "func f(a []int, b bool) int {\n"
        "\tt := 0\n"
        "\tfor _, x := range a {\n"
        "\t\tif x > 0 && b {\n"
        "\t\t\tt += x\n"
        "\t\t} else {\n"
        "\t\t\tt -= 1\n"
        "\t\t}\n"
        "\t}\n"
        "\treturn t\n"
        "}\n",
        FunctionMetrics("f", 3, 13, 11, 4, 2, 2),
    ),
    # lines 1-12 -> 12; params a, n, b -> 3; `||` adds one more: cyclomatic 5
    "C": (
        "int f(int *a, int n, int b)\n"
        "{\n"
        "    int t = 0;\n"
        "    for (int i = 0; i < n; i++) {\n"
        "        if (a[i] > 0 && b || n == 1) {\n"
        "            t += a[i];\n"
        "        } else {\n"
        "            t -= 1;\n"
        "        }\n"
        "    }\n"
        "    return t;\n"
        "}\n",
        FunctionMetrics("f", 1, 12, 12, 5, 2, 3),
    ),
    # lines 2-12 -> 11; name K::f as written (namespaces are not part of names); params a, b
    # -> 2 (a template argument is not a parameter)
    "C++": (
        "namespace n {\n"
        "int K::f(const std::vector<int>& a, bool b) {\n"
        "    int t = 0;\n"
        "    for (int x : a) {\n"
        "        if (x > 0 && b) {\n"
        "            t += x;\n"
        "        } else {\n"
        "            t -= 1;\n"
        "        }\n"
        "    }\n"
        "    return t;\n"
        "}\n"
        "}\n",
        FunctionMetrics("K::f", 2, 12, 11, 4, 2, 2),
    ),
    # Allman braces; lines 3-18 -> 16; foreach counts (correction to lizard); params 2
    "C#": (
        "class K\n"
        "{\n"
        "    int F(int[] a, bool b)\n"
        "    {\n"
        "        int t = 0;\n"
        "        foreach (var x in a)\n"
        "        {\n"
        "            if (x > 0 && b)\n"
        "            {\n"
        "                t += x;\n"
        "            }\n"
        "            else\n"
        "            {\n"
        "                t -= 1;\n"
        "            }\n"
        "        }\n"
        "        return t;\n"
        "    }\n"
        "}\n",
        FunctionMetrics("K.F", 3, 18, 16, 4, 2, 2),
    ),
    # lines 1-11 -> 11; params a, b -> 2. `each do` is a method call, not a decision, so
    # cyclomatic = 1 + if + && = 3, but it opens a block: nesting 2 (do at +1, if at +2)
    "Ruby": (
        "def f(a, b)\n"
        "  t = 0\n"
        "  a.each do |x|\n"
        "    if x > 0 && b\n"
        "      t += x\n"
        "    else\n"
        "      t -= 1\n"
        "    end\n"
        "  end\n"
        "  t\n"
        "end\n",
        # nesting 1: `a.each do |x|` is a method call with a block, not a control structure
        # (as it adds no decision), so only the if nests
        FunctionMetrics("f", 1, 11, 11, 3, 1, 2),
    ),
    # lines 1-11 -> 11; params a, b -> 2
    "Rust": (
        "fn f(a: &[i32], b: bool) -> i32 {\n"
        "    let mut t = 0;\n"
        "    for x in a {\n"
        "        if *x > 0 && b {\n"
        "            t += x;\n"
        "        } else {\n"
        "            t -= 1;\n"
        "        }\n"
        "    }\n"
        "    t\n"
        "}\n",
        FunctionMetrics("f", 1, 11, 11, 4, 2, 2),
    ),
    # lines 2-12 -> 11; params $a, $b -> 2 (counted by techlead, lizard says 1)
    "PHP": (
        "<?php\n"
        "function f($a, $b) {\n"
        "    $t = 0;\n"
        "    foreach ($a as $x) {\n"
        "        if ($x > 0 && $b) {\n"
        "            $t += $x;\n"
        "        } else {\n"
        "            $t -= 1;\n"
        "        }\n"
        "    }\n"
        "    return $t;\n"
        "}\n",
        FunctionMetrics("f", 2, 12, 11, 4, 2, 2),
    ),
    # lines 1-11 -> 11; params a, b -> 2
    "Kotlin": (
        "fun f(a: List<Int>, b: Boolean): Int {\n"
        "    var t = 0\n"
        "    for (x in a) {\n"
        "        if (x > 0 && b) {\n"
        "            t += x\n"
        "        } else {\n"
        "            t -= 1\n"
        "        }\n"
        "    }\n"
        "    return t\n"
        "}\n",
        FunctionMetrics("f", 1, 11, 11, 4, 2, 2),
    ),
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_one_function_per_language(language: str) -> None:
    text, expected = SAMPLES[language]
    result = measure(text, language)
    # the McCabe figures (the biomarkers are tested per language in tests/mining/syntax)
    assert [f.__dict__ | {"complex_conditionals": 0, "bumps": 0, "variables": 0, "shape": ""}
            for f in result.functions] == [expected.__dict__]  # fmt: skip
    assert result.total_cyclomatic == expected.cyclomatic
    assert result.max_cyclomatic == expected.cyclomatic


def test_twelve_languages_supported() -> None:
    assert set(SAMPLES) <= SUPPORTED


def test_python_two_functions_and_totals() -> None:
    text = (
        "class C:\n"
        "    def m(self, x):\n"  # self counts: 2 params; 1 + while + or = 3
        "        while x or self:\n"
        "            x -= 1\n"
        "        return x\n"
        "\n"
        "def g():\n"  # straight line: cyclomatic 1, nesting 0, length 2
        "    return 1\n"
    )
    result = measure(text, "Python")
    assert result.functions == (
        # a method is qualified by its class; x -= 1 binds x: one variable
        FunctionMetrics("C.m", 2, 5, 4, 3, 1, 2, variables=1),
        FunctionMetrics("g", 7, 8, 2, 1, 0, 0),
    )
    assert (result.total_cyclomatic, result.max_cyclomatic) == (4, 3)


def test_python_finally_not_a_decision_and_elif_is() -> None:
    text = (
        "def f(x):\n"  # 1 + if + elif + except = 4; finally adds nothing
        "    try:\n"
        "        if x:\n"  # try at +1, if at +2 -> nesting 2
        "            return 1\n"
        "        elif x is None:\n"
        "            return 2\n"
        "    except ValueError:\n"
        "        return 3\n"
        "    finally:\n"
        "        pass\n"
        "    return 0\n"
    )
    (function,) = measure(text, "Python").functions
    assert (function.cyclomatic, function.nesting, function.length) == (4, 2, 11)


def test_php_parameters_with_defaults_and_variadics() -> None:
    text = (
        "<?php\n"
        'function g(array $a = [1, 2], string $s = "x,y", ...$rest) { return 1; }\n'
        "function h() {}\n"
    )
    functions = measure(text, "PHP").functions
    assert [(f.name, f.parameters) for f in functions] == [("g", 3), ("h", 0)]


# --------------------------------------------------------------------------------------
# Indentation complexity


def test_indentation_tabs() -> None:
    # levels 0, 1, 2, 1 (blank line skipped) -> total 4, max 2, mean 1.0
    assert indentation_complexity("a\n\tb\n\t\tc\n\n\td\n") == (4.0, 2, 1.0)


def test_indentation_two_spaces() -> None:
    # unit 2 (every increase is 2): levels 0, 1, 2, 0 -> total 3, max 2, mean 0.75
    assert indentation_complexity("a\n  b\n    c\nd\n") == (3.0, 2, 0.75)


def test_indentation_four_spaces_and_alignment() -> None:
    # unit 4: levels 0, 1, 2, 1.5 (6 spaces), whitespace-only line skipped -> 4.5
    total, deepest, mean = indentation_complexity("a\n    b\n        c\n      d\n   \n")
    assert (total, deepest, mean) == (4.5, 2, 1.125)


def test_indentation_mixed_tab_and_spaces() -> None:
    # unit 4 (one 4-space increase): "\t    x" is 1 + 1 = 2 levels; levels 0, 1, 2 -> 3
    assert indentation_complexity("a\n    b\n\t    c\n") == (3.0, 2, 1.0)


def test_indentation_empty() -> None:
    assert indentation_complexity("") == (0.0, 0, 0.0)
    assert indentation_complexity("\n   \n\t\n") == (0.0, 0, 0.0)


# --------------------------------------------------------------------------------------
# Odd input


EMPTY = FileComplexity((), 0, 0, 0.0, 0, 0.0)


@pytest.mark.parametrize("language", sorted(SUPPORTED))
def test_empty_text_every_language(language: str) -> None:
    assert measure("", language) == EMPTY


@pytest.mark.parametrize(
    "text",
    [
        "def f(:\n    if if if\n  )))\n",
        "function ((( { { {\n",
        "}}}} ]]] ))) end end\n",
        "\x00\x01\x02\xff binary \x00\n\tgarbage\n",
        "\"unterminated\n'also\n/* open comment\n",
        "{" * 5000 + "}" * 10,
    ],
)
@pytest.mark.parametrize("language", sorted(SUPPORTED))
def test_unparsable_never_raises(text: str, language: str) -> None:
    result = measure(text, language, "x")
    assert result.indentation_total == indentation_complexity(text)[0]
    for function in result.functions:
        assert function.length >= 1
        assert function.cyclomatic >= 1


def test_unknown_language_gives_indentation_only() -> None:
    result = measure("key:\n  value: 1\n", "YAML")
    assert result == FileComplexity((), 0, 0, 1.0, 1, 0.5)
    assert measure("x\n\ty\n", None).indentation_total == 1.0


def test_tsx_path_uses_tsx_dialect() -> None:
    text = (
        "function App(p: Props) {\n"
        "  if (p.x) {\n"
        "    return <div>{p.x}</div>;\n"
        "  }\n"
        "  return null;\n"
        "}\n"
    )
    (function,) = measure(text, "TypeScript", "src/App.tsx").functions
    assert (function.name, function.cyclomatic, function.nesting) == ("App", 2, 1)
