"""Version ordering per ecosystem, as OSV ranges need it.

* PyPI: PEP 440 (``packaging.version``): epochs, pre-, post- and dev-releases, local
  versions.
* npm, crates.io, Go, Packagist, NuGet, GitHub Actions: Semantic Versioning 2.0.0
  precedence: major.minor.patch numerically (missing parts are 0, a fourth NuGet part
  counts too), a pre-release sorts before its release, pre-release identifiers compare
  numerically when numeric and as text otherwise, numeric before text, build metadata
  ignored; a leading ``v`` is dropped (Go pseudo-versions are pre-releases).
* Maven: the ComparableVersion rules: items split at ``.``, ``-`` and digit/letter
  boundaries; qualifiers order alpha < beta < milestone < rc = cr < snapshot < release
  ("", ga, final, release) < sp, unknown qualifiers after sp in text order; trailing
  zero/release items are ignored, so 1.0 = 1 = 1.0.0.
* RubyGems: Gem::Version: segments split at ``.`` and digit/letter boundaries, numbers
  numerically, a version with a letter segment is a pre-release (lower than the release),
  trailing zeros ignored.

``key(ecosystem, version)`` returns a sort key; ``InvalidVersion`` (a ValueError) is
raised for what the ecosystem cannot read. The OSV event value ``"0"`` means "before
every version" and is handled by the matcher, not here.
"""

from __future__ import annotations

import re
from typing import Any

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


_MAVEN_QUALIFIERS = {
    "alpha": 0, "a": 0, "beta": 1, "b": 1, "milestone": 2, "m": 2, "rc": 3, "cr": 3,
    "snapshot": 4, "": 5, "ga": 5, "final": 5, "release": 5, "sp": 6,
}  # fmt: skip


def _maven(version: str) -> tuple[Any, ...]:
    items = [i for i in re.findall(r"\d+|[A-Za-z]+", version.lower()) if i]
    if not items:
        raise InvalidVersion(f"not a Maven version: {version!r}")
    keyed: list[tuple[int, int, str]] = []
    for item in items:
        if item.isdigit():
            keyed.append((2, int(item), ""))
        else:
            rank = _MAVEN_QUALIFIERS.get(item)
            # qualifiers sort below numbers; unknown ones after "sp", in text order
            keyed.append((1, rank, "") if rank is not None else (1, 7, item))
    # Normalise as Maven does: a zero or a release qualifier that ends the version or
    # stands before a qualifier adds nothing (1.0-alpha = 1-alpha, 1.0.0 = 1).
    changed = True
    while changed:
        changed = False
        for index, item in enumerate(keyed):
            following = keyed[index + 1] if index + 1 < len(keyed) else None
            if item in ((2, 0, ""), (1, 5, "")) and (following is None or following[0] == 1):
                del keyed[index]
                changed = True
                break
    # Padding: a missing item equals 0 / release, so compare with (1, 5) as the filler,
    # which sorts after every pre-release qualifier and before numbers and "sp".
    return (*keyed, (1, 5, ""))


def _rubygems(version: str) -> tuple[Any, ...]:
    if not re.fullmatch(r"[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z.-]+)?", version.strip()):
        raise InvalidVersion(f"not a RubyGems version: {version!r}")
    text = version.strip().replace("-", ".pre.")
    segments: list[tuple[int, int, str]] = []
    for part in re.findall(r"\d+|[A-Za-z]+", text):
        segments.append((1, int(part), "") if part.isdigit() else (0, 0, part))
    prerelease = any(s[0] == 0 for s in segments)
    first_letter = next((i for i, s in enumerate(segments) if s[0] == 0), len(segments))
    numbers, rest = segments[:first_letter], segments[first_letter:]
    while numbers and numbers[-1] == (1, 0, ""):
        numbers.pop()  # 1.0.0 = 1, and 1.0.a = 1.a (Gem::Version#canonical_segments)
    segments = numbers + rest
    # A release is greater than any pre-release with the same leading numbers.
    return tuple(segments) + (((0, 0, ""),) if prerelease else ((0, 1, ""),))
