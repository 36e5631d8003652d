"""Version order per ecosystem, against the specifications.

RubyGems is delegated to univers (its port of Gem::Version agreed with RubyGems on every
pair tried); SemVer and Maven stay our own because univers 32 orders these cases wrongly.
Each case below states the right order and the rule it comes from; the ones marked
"univers:" are where univers disagrees.
"""

from __future__ import annotations

import pytest

from techlead.core import versions


def ordered(ecosystem: str, chain: list[str]) -> None:
    keys = [versions.key(ecosystem, v) for v in chain]
    for i, low in enumerate(keys):
        for j in range(i + 1, len(keys)):
            assert low < keys[j], (chain[i], chain[j])
            assert keys[j] > low and low != keys[j], (chain[i], chain[j])


# ---------------------------------------------------------------- SemVer

# semver.org §11.4, the specification's own example.
SEMVER_11 = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
             "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"]  # fmt: skip


@pytest.mark.parametrize("ecosystem", ["npm", "crates.io", "Go", "Packagist", "GitHub Actions"])
def test_semver_precedence_example(ecosystem: str) -> None:
    ordered(ecosystem, SEMVER_11)
    ordered(ecosystem, ["1.0.0", "2.0.0", "2.1.0", "2.1.1"])  # §11.2: numerically
    ordered(ecosystem, ["1.9.0", "1.10.0", "1.11.0"])
    ordered(ecosystem, ["1.0.0-1", "1.0.0-9", "1.0.0-10", "1.0.0-A", "1.0.0-a"])  # §11.4.1-3


@pytest.mark.parametrize(
    ("ecosystem", "a", "b"),
    [
        # §10: "Build metadata MUST be ignored when determining version precedence. Thus
        # two versions that differ only in the build metadata, have the same precedence."
        # univers: SemverVersion("1.0.0+build.1") is neither ==, < nor > "1.0.0".
        ("npm", "1.0.0+build.1", "1.0.0"),
        ("npm", "1.0.0+a", "1.0.0+b"),
        ("npm", "1.0.0+20130313144700", "1.0.0+21AF26D3----117B344092BD"),
        ("npm", "1.0.0-rc.1+build.1", "1.0.0-rc.1"),
        ("crates.io", "0.4.2+zstd.1.5.5", "0.4.2"),
        # Go: "+incompatible" is build metadata (go.dev/ref/mod#incompatible-versions).
        ("Go", "v2.0.0+incompatible", "v2.0.0"),
        ("Go", "2.0.0+incompatible", "v2.0.0"),
    ],
)
def test_semver_build_metadata_is_ignored(ecosystem: str, a: str, b: str) -> None:
    assert versions.key(ecosystem, a) == versions.key(ecosystem, b)
    assert not versions.key(ecosystem, a) < versions.key(ecosystem, b)
    assert not versions.key(ecosystem, a) > versions.key(ecosystem, b)


def test_semver_sorting_with_build_metadata_is_by_precedence() -> None:
    found = ["1.0.0+b", "1.0.0-rc.1+x", "0.9.0", "1.0.0+a", "1.0.1+a", "1.0.0"]
    by_precedence = sorted(found, key=lambda v: versions.key("npm", v))
    # Equal precedence keeps the given order (sorted is stable); the rest by §11.
    assert by_precedence == ["0.9.0", "1.0.0-rc.1+x", "1.0.0+b", "1.0.0+a", "1.0.0", "1.0.1+a"]


# ---------------------------------------------------------------- Maven

# Maven's own ComparableVersionTest (apache/maven, maven-artifact): each list is in
# strictly increasing order.
MAVEN_QUALIFIERS = ["1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123",
                    "1-m2", "1-m11", "1-rc", "1-cr2", "1-rc123", "1-SNAPSHOT", "1", "1-sp",
                    "1-sp2", "1-sp123", "1-abc", "1-def", "1-pom-1", "1-1-snapshot", "1-1",
                    "1-2", "1-123"]  # fmt: skip
MAVEN_NUMBERS = ["2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c",
                 "2.1-1", "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11",
                 "11.m2", "11.m11", "11", "11.a", "11b", "11c", "11m"]  # fmt: skip


def test_maven_comparable_version_orders() -> None:
    ordered("Maven", MAVEN_QUALIFIERS)
    ordered("Maven", MAVEN_NUMBERS)
    ordered("Maven", ["1.0-alpha-1", "1.0-alpha-2", "1.0-beta-1", "1.0-SNAPSHOT", "1.0",
                      "1.0-1", "1.0-2", "2.0-1", "2.0.1", "2.0.1-klm", "2.0.1-lmn",
                      "2.0.1-xyz", "2.0.1-123"])  # fmt: skip
    ordered("Maven", ["6.1.0rc3", "6.1.0", "6.1H.5-beta"])  # MNG-5568: transitive
    ordered("Maven", ["1-0.alpha", "1-0.beta", "1"])  # MNG-6964


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1", "1.0.0"),
        ("1", "1-0"),
        ("1.0", "1.0-0"),
        ("1a", "1-a"),
        ("1.0.0a", "1-a"),
        ("1cr", "1rc"),
        ("1a1", "1-alpha-1"),
        ("1m3", "1-milestone-3"),
        ("1X", "1x"),
        ("1MILESTONE3", "1m3"),
        ("1-final", "1"),
        ("0001", "1"),
        # univers: "release" is an alias of the release ("" qualifier) in ComparableVersion
        # (StringItem ALIASES ga, final, release); univers orders 5.3.0.RELEASE after 5.3.0.
        ("5.3.0.RELEASE", "5.3.0"),
        ("1.0.RELEASE", "1"),
        ("5.4.0.Final", "5.4.0"),
        # univers: MNG-7644, a ".X" qualifier reads as "-X" (2.0.X = 2-X = 2.0.0.X), and
        # cr is rc, so Hibernate/JBoss style dotted qualifiers equal the dashed ones.
        ("1.0.0.CR1", "1.0.0-rc1"),
        ("1.0.0.Beta2", "1.0.0-beta-2"),
        ("1.0-alpha-1", "1.0.0.alpha1"),
        ("2.0.alpha", "2.0.0.alpha"),
        ("2-abc", "2.0.abc"),
    ],
)
def test_maven_equal_versions(a: str, b: str) -> None:
    assert versions.key("Maven", a) == versions.key("Maven", b)


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        # univers (all of these): a dotted qualifier is a qualifier of the version, not a
        # lower "." item (MNG-7644), so rc < snapshot < release holds for 1.0.0.RC1 too.
        ("1.0.0.RC1", "1.0.0-SNAPSHOT"),
        ("2.0.0.M1", "2.0.0-SNAPSHOT"),
        ("0.9.0.M3", "0.9-SNAPSHOT"),
        ("1.0.0.RC1", "1.0.0-RC2"),  # MNG-7644: 1.0.0.X1 < 1.0.0-X2
        ("1.0.RELEASE", "1.0-SP1"),  # release < sp
        ("1.0.0.m1", "1-1-snapshot"),  # a qualifier < a "-number" list
        # univers: MNG-6964, "1-0.alpha" is an alpha of 1, not 1 itself.
        ("1-0.alpha", "1"),
        ("1-0.beta", "1"),
        # Unknown qualifiers come after sp, in text order; a number after a qualifier.
        ("1.0.0", "1.0.0.Final-redhat-1"),
        ("31.1-android", "31.1-jre"),
        ("9.4.51", "9.4.51.v20230217"),
        ("2.0-SNAPSHOT", "2.x"),
        # "a" is alpha only when a digit follows: 1.0a is the unknown qualifier "a".
        ("1.0-alpha", "1.0a"),
        ("1.0-1", "1.0.1"),
        ("2-1", "2.0.1"),
    ],
)
def test_maven_order(lower: str, higher: str) -> None:
    assert versions.key("Maven", lower) < versions.key("Maven", higher)
    assert versions.key("Maven", higher) > versions.key("Maven", lower)


def test_maven_keys_are_not_hashable_and_reject_empty_versions() -> None:
    with pytest.raises(TypeError):
        hash(versions.key("Maven", "1.0"))  # 1.0 = 1 with other items: no hash to agree on
    for empty in ("", "  ", "-", "..."):
        with pytest.raises(versions.InvalidVersion):
            versions.key("Maven", empty)


# ---------------------------------------------------------------- RubyGems


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        # Gem::Version#<=>: a missing segment counts as 0, and a number ranks above a
        # letter segment, so a longer pre-release label is lower (our code had it higher).
        ("1.0.0.pre.alpha", "1.0.0.pre"),
        # "-" reads as ".pre." (Gem::Version#initialize): 1.0.0-alpha = 1.0.0.pre.alpha.
        ("1.0.0-alpha", "1.0.0.pre"),
        ("1.0.0-rc1", "1.0.0.pre"),
        ("1.0.0-beta.11", "1.0.0.pre"),
        ("1-a", "1.0.0.pre"),
        ("1.0.0.a", "1.0.0"),
        ("1.0.a", "1.0.1"),
        ("1.13.4.rc1", "1.13.4"),
        ("1.0.0.rc2", "1.0.0.rc10"),
        ("7.1.0.beta1", "7.1.0.rc1"),
        ("7.0.8.1", "7.1.0.beta1"),
    ],
)
def test_rubygems_order(lower: str, higher: str) -> None:
    assert versions.key("RubyGems", lower) < versions.key("RubyGems", higher)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1.0", "1"),
        ("1.0.0.0", "1"),
        # Gem::Version#canonical_segments drops trailing zeros of the release part and of
        # the pre-release part (our code kept the latter).
        ("1.2.0.pre.1.0", "1.2.pre.1"),
        ("1.0.a", "1.a"),
        (" 1.0 ", "1"),  # Gem::Version.correct? allows surrounding blanks
    ],
)
def test_rubygems_equal_versions(a: str, b: str) -> None:
    assert versions.key("RubyGems", a) == versions.key("RubyGems", b)


@pytest.mark.parametrize("bad", ["v1.0", "1 0", "1..0", "1.0.", "-1", "a", "1.0-"])
def test_rubygems_rejects_what_gem_version_rejects(bad: str) -> None:
    # univers' RubygemsVersion alone would take "v1.0" and "1 0" (as 10).
    with pytest.raises(versions.InvalidVersion):
        versions.key("RubyGems", bad)
