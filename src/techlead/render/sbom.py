"""A CycloneDX 1.6 JSON bill of materials of the dependencies at HEAD, written by the
maintained ``cyclonedx-python-lib`` (so the document follows the schema it validates).

One component per distinct package and version across the chosen repositories, with a
package URL (purl) by ecosystem, ``scope: optional`` when only development uses it, and
properties naming the repositories and manifests it comes from. Dependencies whose
version is unknown are listed without a version. The document is reproducible: its
serial number is derived from its content and its timestamp is the latest scan's.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

from cyclonedx.model import Property
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentScope, ComponentType
from cyclonedx.output.json import JsonV1Dot6
from packageurl import PackageURL

from techlead import __version__
from techlead.analyses.portfolio import Inventory

_PURL_TYPES = {
    "PyPI": "pypi",
    "npm": "npm",
    "Go": "golang",
    "crates.io": "cargo",
    "Maven": "maven",
    "RubyGems": "gem",
    "Packagist": "composer",
    "NuGet": "nuget",
    "GitHub Actions": "github",
    "Docker": "docker",
    "Terraform": "generic",
}


def purl(ecosystem: str, name: str, version: str | None) -> PackageURL:
    kind = _PURL_TYPES.get(ecosystem, "generic")
    namespace = None
    if kind == "maven" and ":" in name:
        namespace, name = name.split(":", 1)
    elif kind in ("npm", "golang", "composer", "github", "docker") and "/" in name:
        namespace, name = name.rsplit("/", 1)
    return PackageURL(type=kind, namespace=namespace, name=name, version=version)


def cyclonedx_json(inventory: Inventory) -> str:
    rows = inventory.packages
    names = inventory.repos
    scanned = inventory.scanned_at
    bom = Bom()
    root = Component(
        name=names[0] if len(names) == 1 else inventory.workspace or "workspace",
        type=ComponentType.APPLICATION,
        bom_ref="techlead:root",
        properties=[Property(name="techlead:repo", value=n) for n in names],
    )
    bom.metadata.component = root
    components = []
    for package in rows:
        url = purl(package.ecosystem, package.name, package.version)
        components.append(
            Component(
                name=package.name,
                version=package.version,
                type=ComponentType.LIBRARY,
                purl=url,
                bom_ref=url.to_string(),
                scope=ComponentScope.OPTIONAL if package.dev_only else ComponentScope.REQUIRED,
                properties=[
                    Property(name="techlead:ecosystem", value=package.ecosystem),
                    *(Property(name="techlead:repo", value=r) for r in package.repos),
                    *(Property(name="techlead:manifest", value=m) for m in package.manifests),
                ],
            )
        )
    for component in components:
        bom.components.add(component)
    bom.register_dependency(root, components)
    if isinstance(scanned, datetime):
        bom.metadata.timestamp = scanned
    plain = [tuple(row) for row in rows]  # the same text as before packages were typed
    digest = hashlib.sha256(repr((names, plain, __version__)).encode()).hexdigest()
    bom.serial_number = uuid.UUID(digest[:32])
    return JsonV1Dot6(bom).output_as_string(indent=2)
