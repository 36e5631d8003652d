"""Version ordering per ecosystem, as OSV ranges need it.

* PyPI: PEP 440 (``packaging.version``): epochs, pre-, post- and dev-releases, local
  versions.
* RubyGems: ``Gem::Version`` as ported by ``univers`` (``univers.versions.RubygemsVersion``):
  segments split at ``.`` and digit/letter boundaries, ``-`` read as ``.pre.``, numbers
  compared numerically, a version with a letter is a pre-release, trailing zeros of the
  release and of the pre-release part ignored (``1.2.0.pre.1.0`` = ``1.2.pre.1``). Only
  what ``Gem::Version.correct?`` accepts is read: univers would also take ``v1.0`` and
  read ``1 0`` as ``10``.
* npm, crates.io, Go, Packagist, NuGet, GitHub Actions: Semantic Versioning 2.0.0
  precedence (semver.org §11): major.minor.patch numerically (missing parts are 0, a
  fourth NuGet part counts too), a pre-release sorts before its release, pre-release
  identifiers compare numerically when numeric and as ASCII text otherwise, numeric
  before text, a longer set of identifiers after its prefix; build metadata is ignored
  (§10: ``1.0.0+build.1`` = ``1.0.0``); a leading ``v`` is dropped (Go pseudo-versions are
  pre-releases). Our own: univers (32.x) breaks §10, its versions that differ only in
  build metadata are neither equal, lower nor higher, and it reads a fourth part as build
  metadata.
* Maven: Maven's ``ComparableVersion`` (Maven 3.8/3.9): the version splits into items at
  ``.``, ``-`` and digit/letter boundaries; ``-`` and a boundary open a nested list; numbers
  compare numerically and rank above lists, which rank above qualifiers; qualifiers order
  alpha < beta < milestone < rc = cr < snapshot < release ("", ga, final, release) < sp <
  unknown ones in text order; ``a1``/``b1``/``m1`` are alpha/beta/milestone; trailing
  zeros and release qualifiers are dropped (1.0 = 1 = 1-final). Our own: univers (32.x)
  carries an older Maven algorithm and gets ``1.0.0.Final``, ``1.0.RELEASE`` and dotted
  qualifiers (``1.0.0.RC1``) wrong.

``key(ecosystem, version)`` returns a sort key (keys of one ecosystem compare with each
other); ``InvalidVersion`` (a ValueError) is raised for what the ecosystem cannot read.
The OSV event value ``"0"`` means "before every version" and is handled by the matcher,
not here.
"""

from __future__ import annotations

import functools
import re
from itertools import zip_longest
from typing import Any, TypeAlias

from packaging.version import InvalidVersion as _PackagingInvalid
from packaging.version import Version


class InvalidVersion(ValueError):
    pass


def key(ecosystem: str, version: str) -> Any:
    base = ecosystem.split(":", 1)[0]
    if base == "PyPI":
        try:
            return Version(version)
        except _PackagingInvalid:
            raise InvalidVersion(f"not a PEP 440 version: {version!r}") from None
    if base == "Maven":
        return _maven(version)
    if base == "RubyGems":
        return _rubygems(version)
    return _semver(version)


# ---------------------------------------------------------------- SemVer

_SEMVER = re.compile(
    r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$"
)


def _semver(version: str) -> tuple[Any, ...]:
    found = _SEMVER.match(version.strip())
    if not found:
        raise InvalidVersion(f"not a semantic version: {version!r}")
    numbers = tuple(int(found.group(i) or 0) for i in range(1, 5))
    pre = found.group(5)
    if pre is None:
        return (*numbers, 1, ())
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return (*numbers, 0, parts)


# ---------------------------------------------------------------- RubyGems

# Gem::Version::ANCHORED_VERSION_PATTERN, surrounding blanks allowed as Gem allows them.
_GEM = re.compile(r"\s*[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\s*")


def _rubygems(version: str) -> Any:
    from univers.versions import RubygemsVersion  # imported when first needed

    if not _GEM.fullmatch(version):
        raise InvalidVersion(f"not a RubyGems version: {version!r}")
    return RubygemsVersion(version.strip())


# ---------------------------------------------------------------- Maven

# An item of a Maven version: a number, a qualifier (lower case, aliases resolved) or a
# nested list (what follows a "-" or a digit/letter boundary).
_Item: TypeAlias = int | str | tuple["_Item", ...]

_QUALIFIERS = ("alpha", "beta", "milestone", "rc", "snapshot", "", "sp")
_ALIASES = {"ga": "", "final": "", "release": "", "cr": "rc"}
_SHORT = {"a": "alpha", "b": "beta", "m": "milestone"}  # only when a digit follows


def _qualifier_rank(qualifier: str) -> str:
    """Maven compares these strings: known qualifiers by position, unknown ones after
    them in text order."""
    if qualifier in _QUALIFIERS:
        return str(_QUALIFIERS.index(qualifier))
    return f"{len(_QUALIFIERS)}-{qualifier}"


_RELEASE_RANK = _qualifier_rank("")


def _sign(a: Any, b: Any) -> int:
    return (a > b) - (a < b)  # type: ignore[no-any-return]


def _compare(item: _Item, other: _Item | None) -> int:
    """ComparableVersion's Item.compareTo; ``None`` is the padding of a shorter list."""
    if isinstance(item, int):
        if other is None:
            return 0 if item == 0 else 1  # 1.0 = 1, 1.1 > 1
        return _sign(item, other) if isinstance(other, int) else 1  # 1.1 > 1-1 > 1-sp
    if isinstance(item, str):
        if other is None:
            return _sign(_qualifier_rank(item), _RELEASE_RANK)  # 1-rc < 1 < 1-sp
        if isinstance(other, str):
            return _sign(_qualifier_rank(item), _qualifier_rank(other))
        return -1  # 1-sp < 1-1 < 1.1
    if other is None:
        return next((r for r in (_compare(i, None) for i in item) if r), 0)
    if isinstance(other, int):
        return -1
    if isinstance(other, str):
        return 1
    for left, right in zip_longest(item, other):
        result = -_compare(right, None) if left is None else _compare(left, right)
        if result:
            return result
    return 0


def _qualifier(text: str, followed_by_digit: bool) -> str:
    if followed_by_digit and text in _SHORT:
        text = _SHORT[text]
    return _ALIASES.get(text, text)


def _maven_items(version: str) -> _Item:
    """ComparableVersion.parseVersion: the nested items of ``version``, normalised."""
    text = version.lower()
    lists: list[list[Any]] = [[]]  # in order of creation; each sits at the end of the last

    def nest() -> None:
        inner: list[Any] = []
        lists[-1].append(inner)
        lists.append(inner)

    def item(digits: bool, chunk: str) -> _Item:
        return int(chunk) if digits else _qualifier(chunk, False)

    digits, start = False, 0
    for index, char in enumerate(text):
        if char in ".-":
            lists[-1].append(0 if index == start else item(digits, text[start:index]))
            start = index + 1
            if char == "-":
                nest()
        elif "0" <= char <= "9":
            if not digits and index > start:  # letters then a digit: 1.0.0.RC1 = 1.0.0-RC-1
                if lists[-1]:
                    nest()
                lists[-1].append(_qualifier(text[start:index], True))
                start = index
                nest()
            digits = True
        else:
            if digits and index > start:  # a digit then letters: 1rc = 1-rc
                lists[-1].append(int(text[start:index]))
                start = index
                nest()
            digits = False
    if len(text) > start:
        if not digits and lists[-1]:  # a trailing .X reads as -X
            nest()
        lists[-1].append(item(digits, text[start:]))
    for items in reversed(lists):  # innermost first: an emptied list is then dropped too
        for position in range(len(items) - 1, -1, -1):
            if items[position] in (0, "", []):
                del items[position]  # 1.0 = 1, 1-final = 1, 1.0-alpha = 1-alpha
            elif not isinstance(items[position], list):
                break
    return _frozen(lists[0])


def _frozen(items: list[Any]) -> tuple[_Item, ...]:
    return tuple(_frozen(i) if isinstance(i, list) else i for i in items)


@functools.total_ordering
class MavenVersion:
    """A Maven version ordered as ComparableVersion orders it."""

    __slots__ = ("items", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.items = _maven_items(text)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MavenVersion):
            return NotImplemented
        return _compare(self.items, other.items) == 0

    def __lt__(self, other: MavenVersion) -> bool:
        return _compare(self.items, other.items) < 0

    __hash__ = None  # type: ignore[assignment]  # equal versions may differ in structure

    def __repr__(self) -> str:
        return f"MavenVersion({self.text!r})"


def _maven(version: str) -> MavenVersion:
    if not re.search(r"[0-9A-Za-z]", version):
        raise InvalidVersion(f"not a Maven version: {version!r}")
    return MavenVersion(version.strip())
