"""pom.xml and .csproj from repositories are untrusted XML: a DTD, an entity expansion
bomb or an external entity is refused with a one-line file:line warning and no
dependencies, never a traceback, never the content of a local file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from techlead.mining.manifests import parser_for
from techlead.mining.manifests.model import Kind, Parsed

from conftest import run_cli

SECRET = "TOPSECRET-7f3a-do-not-leak"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
{root}
"""

POM_BODY = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <dependencies>
    <dependency><groupId>org.example</groupId><artifactId>{artifact}</artifactId>
      <version>1.0</version></dependency>
  </dependencies>
</project>"""

CSPROJ_BODY = """<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>
  <PackageReference Include="{artifact}" Version="1.0.0" />
</ItemGroup></Project>"""


def xxe(body: str, secret_file: Path) -> str:
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE project [\n  <!ENTITY x SYSTEM "file://{secret_file}">\n]>\n'
        + body.format(artifact="&x;")
    )


def parameter_entity(body: str, secret_file: Path) -> str:
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE project [ <!ENTITY % p SYSTEM "file://{secret_file}"> %p; ]>\n'
        + body.format(artifact="ok")
    )


def external_dtd(body: str, secret_file: Path) -> str:
    return (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE project SYSTEM "http://127.0.0.1:9/project.dtd">\n' + body.format(artifact="ok")
    )


def bomb(body: str, secret_file: Path) -> str:
    return BILLION_LAUGHS.replace("{root}", body.format(artifact="&lol9;"))


HOSTILE = {"billion laughs": bomb, "xxe": xxe, "parameter entity": parameter_entity,
           "external dtd": external_dtd}  # fmt: skip
FILES = {"pom.xml": POM_BODY, "src/App/App.csproj": CSPROJ_BODY}


def parse(path: str, text: str) -> Parsed:
    parser = parser_for(path)
    assert parser is not None, path
    return parser(path, text, lambda _: None)


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    target = tmp_path / "secret.txt"
    target.write_text(SECRET + "\n")
    return target


@pytest.mark.parametrize("path", sorted(FILES))
@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_hostile_xml_is_refused_with_a_line(path: str, attack: str, secret_file: Path) -> None:
    text = HOSTILE[attack](FILES[path], secret_file)
    parsed = parse(path, text)
    assert parsed.kind is Kind.MANIFEST
    assert parsed.dependencies == ()
    [warning] = parsed.warnings
    assert warning.line == 2  # the <!DOCTYPE line
    assert warning.message == "invalid XML: DTDs (<!DOCTYPE>) are refused in untrusted files"
    assert SECRET not in repr(parsed)


@pytest.mark.parametrize("path", sorted(FILES))
def test_undeclared_entity_and_plain_files(path: str) -> None:
    # Without a DTD an entity cannot be declared: a reference is plain malformed XML.
    broken = parse(path, FILES[path].format(artifact="&x;"))
    assert broken.dependencies == ()
    assert [w.message.split(":")[0] for w in broken.warnings] == ["invalid XML"]
    assert broken.warnings[0].line == (3 if path == "pom.xml" else 2)
    assert "undefined entity" in broken.warnings[0].message
    # The files themselves, without the attack, still read.
    assert [d.name for d in parse(path, FILES[path].format(artifact="good")).dependencies] == [
        "org.example:good" if path == "pom.xml" else "good"
    ]


def test_scan_of_a_repository_with_hostile_xml(
    make_repo: Any, db_path: Path, query: Any, secret_file: Path
) -> None:
    repo = make_repo("hostile")
    repo.commit(
        "c1",
        files={
            "pom.xml": xxe(POM_BODY, secret_file),
            "src/App/App.csproj": bomb(CSPROJ_BODY, secret_file),
            "tools/Tool.csproj": parameter_entity(CSPROJ_BODY, secret_file),
            "web/package.json": '{"dependencies": {"react": "^18.2.0"}}',
        },
    )
    result = run_cli("scan", str(repo.path), "--db", str(db_path), "--quiet")
    assert result.exit_code == 0, result.output
    refused = "invalid XML: DTDs (<!DOCTYPE>) are refused in untrusted files"
    warnings = [line for line in result.stderr.splitlines() if "invalid XML" in line]
    assert warnings == [
        f"techlead: warning: hostile: pom.xml:2: {refused}",
        f"techlead: warning: hostile: src/App/App.csproj:2: {refused}",
        f"techlead: warning: hostile: tools/Tool.csproj:2: {refused}",
    ]
    assert "Traceback" not in result.output + result.stderr
    assert SECRET not in result.output + result.stderr
    assert query("SELECT ecosystem, name FROM dependencies ORDER BY name") == [("npm", "react")]
    everything = query("SELECT * FROM dependencies") + query("SELECT * FROM manifests")
    assert SECRET not in repr(everything)
    assert query("SELECT path, dependencies FROM manifests ORDER BY path") == [
        ("pom.xml", 0),
        ("src/App/App.csproj", 0),
        ("tools/Tool.csproj", 0),
        ("web/package.json", 1),
    ]
