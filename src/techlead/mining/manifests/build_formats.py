"""Java/Kotlin builds, containers, CI workflows and Terraform.

* ``pom.xml`` (manifest, Maven): ``<dependencies>`` entries named ``groupId:artifactId``;
  ``${property}`` versions resolved from ``<properties>`` (and ``${project.version}``),
  versions missing from an entry taken from ``<dependencyManagement>``; ``test`` scope is
  development.
* ``build.gradle`` / ``build.gradle.kts`` (manifest, Maven): dependency lines
  ``configuration("group:artifact:version")`` or ``configuration 'g:a:v'`` and Groovy's
  ``group: 'g', name: 'a', version: 'v'``; ``test*`` configurations are development;
  versions holding ``$`` are kept as spec only.
* Dockerfiles (``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile``, ``Containerfile``;
  Docker): ``FROM`` images (``--platform`` skipped, ``${ARG}`` defaults substituted,
  ``scratch`` and earlier stages left out); name without ``docker.io/`` and ``library/``,
  version = tag (``latest`` when none), the spec is the whole reference.
* Compose files (``docker-compose*.yml``, ``compose.yaml`` ...): services' ``image``.
* GitHub Actions (``/.github/workflows/*.yml``): every ``uses: owner/repo[/path]@ref``
  (``./local`` actions left out; ``docker://`` images are Docker dependencies); CI
  dependencies count as development.
* Terraform (``*.tf``): ``required_providers`` entries (``source``, ``version``; the
  source defaults to ``hashicorp/NAME``) and registry ``module`` sources with a version.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from techlead.mining.manifests.documents import (
    Shapes,
    line_of,
    load_xml,
    load_yaml,
    logical_lines,
)
from techlead.mining.manifests.model import (
    Dependency,
    Ecosystem,
    Kind,
    Parsed,
    Reader,
    Registration,
)

# ---------------------------------------------------------------- Maven


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name and child.text:
            return child.text.strip()
    return None


def parse_pom(path: str, text: str, read: Reader) -> Parsed:
    root, failed = load_xml(text, Kind.MANIFEST)
    if root is None:
        return failed or Parsed(Kind.MANIFEST)
    properties: dict[str, str] = {}
    for element in root:
        if _local(element.tag) == "properties":
            properties.update({_local(p.tag): (p.text or "").strip() for p in element})
    project_version = _child(root, "version")
    if project_version:
        properties.setdefault("project.version", project_version)

    def resolve(value: str | None) -> str | None:
        if value is None:
            return None
        return re.sub(r"\$\{([^}]+)\}", lambda m: properties.get(m.group(1), m.group(0)), value)

    management = {
        id(dep)
        for block in root.iter()
        if _local(block.tag) == "dependencyManagement"
        for dep in block.iter()
    }
    managed: dict[str, str] = {}
    direct: list[ET.Element] = []
    for element in root.iter():
        if _local(element.tag) != "dependency":
            continue
        if id(element) in management:
            name = f"{_child(element, 'groupId')}:{_child(element, 'artifactId')}"
            version = resolve(_child(element, "version"))
            if version:
                managed[name] = version
        else:
            direct.append(element)
    deps = []
    for element in direct:
        name = f"{_child(element, 'groupId')}:{_child(element, 'artifactId')}"
        version = resolve(_child(element, "version")) or managed.get(name)
        exact = version if version and "$" not in version and not version.startswith("[") else None
        dev = _child(element, "scope") == "test"
        deps.append(Dependency(Ecosystem.MAVEN, name, version, exact, True, dev))
    return Parsed(Kind.MANIFEST, tuple(deps))


# Possessive quantifiers (*+, ++, ?+): "\s*\(?\s*" could otherwise split a long run of
# spaces in every way, quadratic in the line's length.
_GRADLE_CALL = re.compile(r"""^\s*+(\w++)\s*+\(?+\s*+(?:platform\s*+\(\s*+)?(["'])([^"']+)\2""")
_GRADLE_MAP = re.compile(
    r"""^\s*+(\w++)\s*+\(?+\s*+group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["']"""
    r"""(?:\s*,\s*version\s*[:=]\s*["']([^"']+)["'])?"""
)
_CONFIGURATIONS = re.compile(
    r"^(implementation|api|compile|compileOnly|runtimeOnly|runtime|annotationProcessor|kapt|"
    r"ksp|classpath|\w*[Ii]mplementation|\w*[Aa]pi|\w*CompileOnly|\w*RuntimeOnly|test\w*)$"
)


def parse_gradle(path: str, text: str, read: Reader) -> Parsed:
    deps = []
    for number, line in enumerate(text.splitlines(), start=1):
        mapped = _GRADLE_MAP.match(line)
        called = None if mapped else _GRADLE_CALL.match(line)
        if mapped and _CONFIGURATIONS.match(mapped.group(1)):
            configuration, group, artifact, version = mapped.groups()
        elif called and _CONFIGURATIONS.match(called.group(1)) and called.group(3).count(":") >= 1:
            configuration = called.group(1)
            parts = called.group(3).split(":")
            group, artifact = parts[0], parts[1]
            version = parts[2] if len(parts) > 2 else None
        else:
            continue
        exact = version if version and "$" not in version and "+" not in version else None
        dev = configuration.lower().startswith("test")
        deps.append(
            Dependency(Ecosystem.MAVEN, f"{group}:{artifact}", version, exact, True, dev, number)
        )
    return Parsed(Kind.MANIFEST, tuple(deps))


# ---------------------------------------------------------------- containers


def image(reference: str) -> tuple[str, str | None]:
    """(name, tag) of an image reference; the digest stays in the reference only."""
    base = reference.split("@", 1)[0]
    slash = base.rfind("/")
    colon = base.rfind(":")
    tag = None
    if colon > slash:
        base, tag = base[:colon], base[colon + 1 :]
    for prefix in ("docker.io/library/", "docker.io/", "index.docker.io/", "library/"):
        if base.startswith(prefix):
            base = base[len(prefix) :]
            break
    return base, tag or ("latest" if "@" not in reference else None)


def parse_dockerfile(path: str, text: str, read: Reader) -> Parsed:
    args: dict[str, str] = {}
    stages: set[str] = set()
    deps = []
    for number, line in logical_lines(text):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        keyword = words[0].upper()
        if keyword == "ARG" and len(words) > 1 and "=" in words[1]:
            key, _, value = words[1].partition("=")
            args.setdefault(key, value.strip("\"'"))
        elif keyword == "FROM":
            rest = [w for w in words[1:] if not w.startswith("--")]
            if not rest:
                continue
            reference = re.sub(
                r"\$\{?(\w+)(?::-([^}]*))?\}?",
                lambda m: args.get(m.group(1), m.group(2) or ""),
                rest[0],
            )
            if len(rest) >= 3 and rest[1].upper() == "AS":
                stages.add(rest[2])
            if reference == "scratch" or reference in stages:
                continue
            name, tag = image(reference)
            deps.append(Dependency(Ecosystem.DOCKER, name, reference, tag, True, False, number))
    return Parsed(Kind.MANIFEST, tuple(deps))


def parse_compose(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_yaml(text, Kind.MANIFEST)
    if failed:
        return failed
    shapes = Shapes(text)
    deps = []
    services = shapes.document(doc, "a YAML mapping (services: ...)").get("services")
    for name, service in shapes.table(services, "services", _SERVICES).items():
        reference = shapes.table(service, name, "a mapping (image: ...)").get("image")
        if isinstance(reference, str) and "$" not in reference:
            image_name, tag = image(reference)
            deps.append(
                Dependency(
                    Ecosystem.DOCKER,
                    image_name,
                    reference,
                    tag,
                    True,
                    False,
                    line_of(text, reference),
                )
            )
    return Parsed(Kind.MANIFEST, tuple(deps), tuple(shapes.warnings))


_SERVICES = "a mapping of service names to services"


def parse_workflow(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_yaml(text, Kind.MANIFEST)
    if failed:
        return failed
    shapes = Shapes(text)
    jobs = shapes.document(doc, "a YAML mapping (on: ..., jobs: ...)").get("jobs")
    uses: list[str] = []
    for name, value in shapes.table(jobs, "jobs", "a mapping of job ids to jobs").items():
        job = shapes.table(value, name, "a mapping (runs-on: ..., steps: ...)")
        if isinstance(job.get("uses"), str):
            uses.append(job["uses"])
        for step in shapes.array(job.get("steps"), "steps", "a list of steps"):
            if isinstance(step, dict) and isinstance(step.get("uses"), str):
                uses.append(step["uses"])
    deps = []
    for use in uses:
        line = line_of(text, use)
        if use.startswith("docker://"):
            image_name, tag = image(use[len("docker://") :])
            deps.append(Dependency(Ecosystem.DOCKER, image_name, use, tag, True, True, line))
        elif not use.startswith("./") and "@" in use:
            target, _, ref = use.partition("@")
            action = "/".join(target.split("/")[:2])
            deps.append(Dependency(Ecosystem.GITHUB_ACTIONS, action, ref, ref, True, True, line))
    return Parsed(Kind.MANIFEST, tuple(deps), tuple(shapes.warnings))


# ---------------------------------------------------------------- Terraform

_HCL_STRIP = re.compile(r'"(?:\\.|[^"\\])*"|#[^\n]*|//[^\n]*|/\*.*?\*/', re.DOTALL)


def _blocks(text: str, header: str) -> list[tuple[str, int]]:
    """The bodies of blocks whose header (ending in ``{``) matches (comments blanked,
    strings kept); an unclosed block is left out."""
    clean = _HCL_STRIP.sub(
        lambda m: m.group(0) if m.group(0).startswith('"') else " " * len(m.group(0)), text
    )
    closing = _closing_braces(clean)
    found = []
    for match in re.finditer(header, clean):
        start = match.end() - 1
        end = closing.get(start)
        if end is not None:
            found.append((clean[start + 1 : end], clean.count("\n", 0, start) + 1))
    return found


def _closing_braces(text: str) -> dict[int, int]:
    """Where each ``{`` closes, in one pass (a scan per block would be quadratic in a file
    of many unclosed headers)."""
    closing: dict[int, int] = {}
    opened: list[int] = []
    for match in re.finditer(r"[{}]", text):
        if match.group(0) == "{":
            opened.append(match.start())
        elif opened:
            closing[opened.pop()] = match.start()
    return closing


def parse_terraform(path: str, text: str, read: Reader) -> Parsed:
    deps = []
    for body, line in _blocks(text, r"\brequired_providers\s*\{"):
        for entry in re.finditer(r'(\w[\w-]*)\s*=\s*(\{[^}]*\}|"[^"]*")', body):
            name, value = entry.group(1), entry.group(2)
            source = re.search(r'source\s*=\s*"([^"]+)"', value)
            version = re.search(r'version\s*=\s*"([^"]+)"', value)
            spec = (
                version.group(1)
                if version
                else (value.strip('"') if value.startswith('"') else None)
            )
            provider = source.group(1) if source else f"hashicorp/{name}"
            number = line + body.count("\n", 0, entry.start())
            deps.append(
                Dependency(Ecosystem.TERRAFORM, provider.lower(), spec, None, True, False, number)
            )
    for body, line in _blocks(text, r'\bmodule\s+"[^"]+"\s*\{'):
        source = re.search(r'\bsource\s*=\s*"([^"]+)"', body)
        version = re.search(r'\bversion\s*=\s*"([^"]+)"', body)
        if source and version and not source.group(1).startswith((".", "/", "git::", "http")):
            deps.append(
                Dependency(
                    Ecosystem.TERRAFORM, source.group(1), version.group(1), None, True, False, line
                )
            )
    return Parsed(Kind.MANIFEST, tuple(deps))


PARSERS: tuple[Registration, ...] = (
    ("pom.xml", parse_pom),
    ("build.gradle", parse_gradle),
    ("build.gradle.kts", parse_gradle),
    ("Dockerfile", parse_dockerfile),
    ("Dockerfile.*", parse_dockerfile),
    ("*.Dockerfile", parse_dockerfile),
    ("Containerfile", parse_dockerfile),
    ("docker-compose*.yml", parse_compose),
    ("docker-compose*.yaml", parse_compose),
    ("compose.yml", parse_compose),
    ("compose.yaml", parse_compose),
    ("/.github/workflows/*.yml", parse_workflow),
    ("/.github/workflows/*.yaml", parse_workflow),
    ("*.tf", parse_terraform),
)
