"""Rounding as code-maat does it: two significant digits, half up (Clojure's
``(with-precision 2 (bigdec v))``), so ownership 2/3 prints 0.67 and 0.125 prints 0.13."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

_TWO_DIGITS = Context(prec=2, rounding=ROUND_HALF_UP)


def centi(value: Fraction | int) -> float:
    """``value`` rounded to two significant digits, as a float."""
    value = Fraction(value)
    exact = _TWO_DIGITS.divide(Decimal(value.numerator), Decimal(value.denominator))
    return float(exact)
