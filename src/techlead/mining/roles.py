"""File roles: what part of a repository a path belongs to, by glob patterns on its path.

Every path has exactly one :class:`Role`. ``production`` (the product's code and its
resources) is the default; the others are ``test``, ``docs``, ``example``, ``build`` (CI,
build and packaging tooling, linters' configuration), ``generated`` and ``vendored``.
The built-in globs and where each comes from are in techlead.mining.role_conventions and
docs/file-roles.md; ``vendored`` and ``generated`` reuse techlead.mining.classify's patterns,
so that a path flagged ``is_vendored``/``is_generated`` there has that role here.

When several rules match, the first of this order wins (:data:`PRECEDENCE`)::

    vendored > generated > example > test > docs > build > production

Vendored and generated describe where a file came from, whatever folder it sits in
(``tests/node_modules/x.js``, ``testdata/x.pb.go``). An example's own tests, README and
manifests belong to the example (``examples/app/tests/test_app.py``,
``docs/examples/conftest.py``). Tests' fixtures and READMEs are test material
(``tests/certs/server.key``, ``tests/README.md``). Documentation builds are documentation
(``docs/conf.py``, ``docs/Makefile``), as are the community files under ``.github/``.

User overrides (``[roles]`` in techlead.toml, a role name -> globs) come before every
built-in rule and before the vendored/generated flags; among themselves ``production`` is
consulted first (listing a path as production only ever serves to take it out of another
role), then the order above.

The same rules run in Python (:meth:`RoleRules.role_of`) and in DuckDB
(:meth:`RoleRules.sql`, one ``regexp_full_match`` per role with bound parameters); the
regular expressions are RE2-compatible (techlead.core.globs) so both agree.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from techlead.core.errors import ConfigError
from techlead.core.globs import GlobError, Regex, compile_regex, glob_to_regex, globs_regex
from techlead.core.roles import Role
from techlead.mining import role_conventions
from techlead.mining.classify import GENERATED_PATTERNS, VENDORED_PATTERNS, PathRules
from techlead.mining.role_conventions import Convention

# The first role whose rules match a path wins; production is what matches nothing else.
PRECEDENCE: tuple[Role, ...] = (
    Role.VENDORED,
    Role.GENERATED,
    Role.EXAMPLE,
    Role.TEST,
    Role.DOCS,
    Role.BUILD,
    Role.PRODUCTION,
)
# The order in which user overrides are consulted (all of them before any built-in rule).
OVERRIDE_ORDER: tuple[Role, ...] = (Role.PRODUCTION, *PRECEDENCE[:-1])

CONVENTIONS: Mapping[Role, tuple[Convention, ...]] = MappingProxyType(
    {
        Role.VENDORED: (
            Convention(
                VENDORED_PATTERNS,
                "techlead.mining.classify.VENDORED_PATTERNS (the is_vendored flag), after "
                "GitHub Linguist's lib/linguist/vendor.yml and package managers' folders",
            ),
        ),
        Role.GENERATED: (
            Convention(
                GENERATED_PATTERNS,
                "techlead.mining.classify.GENERATED_PATTERNS (the is_generated flag): "
                "minified assets, lockfiles, code generators' output",
            ),
        ),
        Role.EXAMPLE: role_conventions.EXAMPLE,
        Role.TEST: role_conventions.TEST,
        Role.DOCS: role_conventions.DOCS,
        Role.BUILD: role_conventions.BUILD,
        Role.PRODUCTION: (),
    }
)


def builtin_globs(role: Role) -> tuple[str, ...]:
    """Every built-in glob of ``role``, in table order (none for production)."""
    return tuple(glob for convention in CONVENTIONS[role] for glob in convention.globs)


@dataclass(frozen=True)
class RoleRules:
    """One regular expression per role: the user's overrides, then the built-in rules.

    ``overrides`` holds (role, regex) in :data:`OVERRIDE_ORDER` for the roles the user gave
    globs; ``builtin`` holds (role, regex) for every role but production, in
    :data:`PRECEDENCE`. Build one with :meth:`build` or :func:`rules_from_config`.
    """

    builtin: tuple[tuple[Role, str], ...]
    overrides: tuple[tuple[Role, str], ...] = ()

    @classmethod
    def build(cls, overrides: Mapping[Role, Sequence[str]] | None = None) -> RoleRules:
        """The built-in rules plus ``overrides`` (role -> globs); a malformed glob raises
        GlobError."""
        flags = PathRules.build()  # vendored/generated exactly as the is_* flags compute them
        same_as_flags = {Role.VENDORED: flags.vendored, Role.GENERATED: flags.generated}
        builtin = tuple(
            (role, same_as_flags.get(role) or globs_regex(builtin_globs(role)))
            for role in PRECEDENCE[:-1]
        )
        given = overrides or {}
        user = tuple((role, globs_regex(given[role])) for role in OVERRIDE_ORDER if given.get(role))
        return cls(builtin=builtin, overrides=user)

    @property
    def key(self) -> str:
        """Changes when any rule changes, so that stored roles can be recomputed."""
        text = "\0".join(
            f"{kind}:{role}={regex}"
            for kind, rules in (("user", self.overrides), ("builtin", self.builtin))
            for role, regex in rules
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def role_of(self, path: str, *, vendored: bool = False, generated: bool = False) -> Role:
        """The role of ``path`` (relative, ``/``-separated). ``vendored`` and ``generated``
        are flags already known for it (``is_generated`` also counts generators' markers in
        the content): they give that role unless one of the user's globs names the path."""
        for role, regex in self.overrides:
            if _compiled(regex).fullmatch(path):
                return role
        known = {Role.VENDORED: vendored, Role.GENERATED: generated}
        for role, regex in self.builtin:
            if known.get(role, False) or _compiled(regex).fullmatch(path):
                return role
        return Role.PRODUCTION

    def sql(
        self,
        path_column: str = "path",
        *,
        vendored_flag: str | None = None,
        generated_flag: str | None = None,
    ) -> str:
        """A DuckDB ``CASE`` expression computing :meth:`role_of` for ``path_column``, with
        the regexes as the bound parameters :meth:`params` names. ``vendored_flag`` and
        ``generated_flag`` are optional boolean SQL expressions (``is_generated``) playing
        the part of role_of's flags."""
        flags = {Role.VENDORED: vendored_flag, Role.GENERATED: generated_flag}
        whens = [
            f"WHEN regexp_full_match({path_column}, ${_param(role, user=True)}) THEN '{role}'"
            for role, _ in self.overrides
        ]
        for role, _ in self.builtin:
            test = f"regexp_full_match({path_column}, ${_param(role, user=False)})"
            flag = flags.get(role)
            whens.append(f"WHEN {f'({flag}) OR ' if flag else ''}{test} THEN '{role}'")
        return f"CASE {' '.join(whens)} ELSE '{Role.PRODUCTION}' END"

    def params(self) -> dict[str, str]:
        """The bound parameters of :meth:`sql`: one regex per role (and per overridden role)."""
        return {
            **{_param(role, user=True): regex for role, regex in self.overrides},
            **{_param(role, user=False): regex for role, regex in self.builtin},
        }


def _param(role: Role, *, user: bool) -> str:
    return f"role_user_{role}" if user else f"role_{role}"


@functools.lru_cache(maxsize=64)
def _compiled(regex: str) -> Regex:
    return compile_regex(regex)


def rules_from_config(mapping: Mapping[str, Sequence[str]]) -> RoleRules:
    """RoleRules from a ``[roles]`` table (role name -> list of globs).

    Raises ConfigError for an unknown role name (naming the valid ones), a value that is not
    a list of strings, or a malformed glob."""
    by_name = {role.value: role for role in Role}
    overrides: dict[Role, tuple[str, ...]] = {}
    for name, globs in mapping.items():
        role = by_name.get(name)
        if role is None:
            close = difflib.get_close_matches(str(name), list(by_name), n=1)
            raise ConfigError(
                f"unknown role '{name}' in [roles] (valid: {', '.join(sorted(by_name))})",
                tip=f"did you mean '{close[0]}'?" if close else None,
            )
        if not isinstance(globs, Sequence) or isinstance(globs, str):
            raise ConfigError(f"'{name}' in [roles] must be a list of globs, e.g. {name} = [...]")
        for glob in globs:
            if not isinstance(glob, str):
                raise ConfigError(f"'{name}' in [roles]: {glob!r} is not a glob (a string)")
            try:
                glob_to_regex(glob)
            except GlobError as exc:
                raise ConfigError(f"'{name}' in [roles]: {exc}") from None
        overrides[role] = tuple(globs)
    return RoleRules.build(overrides)
