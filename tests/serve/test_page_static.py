"""The page's files as the server gives them (``matcher/serve/pages.py``), and the page's texts:
every one has a French text, and no data reaches the page as HTML."""

from __future__ import annotations

import json
import re
import string

import pytest

pytest.importorskip("fastapi")

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from matcher.serve import pages  # noqa: E402

STATIC = pages.STATIC_DIR


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.include_router(pages.router)
    return TestClient(app)


def test_the_page_links_its_files_and_carries_the_token(client: TestClient) -> None:
    plain = client.get("/")
    assert plain.status_code == 200 and plain.headers["content-type"].startswith("text/html")
    assert 'src="static/app.js"' in plain.text and "{{token_query}}" not in plain.text
    assert '<script type="importmap">{"imports": {}}</script>' in plain.text
    with_token = client.get("/", params={"token": 'a"b&c</script>'})
    query = "?token=a%22b%26c%3C%2Fscript%3E"
    assert f'src="static/app.js{query}"' in with_token.text
    assert f'href="static/app.css{query}"' in with_token.text
    # every module the page imports gets the token through the import map
    found = re.search(r'<script type="importmap">(.*?)</script>', with_token.text)
    assert found is not None
    imports = json.loads(found.group(1))["imports"]
    modules = sorted(p.name for p in STATIC.glob("*.js"))
    assert len(modules) >= 5
    assert imports == {f"./static/{m}": f"./static/{m}{query}" for m in modules}


@pytest.mark.parametrize(("name", "kind"), [("app.js", "text/javascript"),
                                            ("i18n.js", "text/javascript"),
                                            ("app.css", "text/css"), ("report.css", "text/css")])
def test_each_file_is_served_with_its_type(client: TestClient, name: str, kind: str) -> None:
    answer = client.get(f"/static/{name}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(kind)
    assert answer.text.strip()


def test_report_css_is_the_reports_own(client: TestClient) -> None:
    from matcher.report.html import _CSS

    assert client.get("/static/report.css").text == _CSS


def test_the_page_runs_only_its_own_scripts(client: TestClient) -> None:
    """The Content-Security-Policy allows the page's files and its import map, by hash."""
    import base64
    import hashlib

    for params in ({}, {"token": "s3cret"}):
        answer = client.get("/", params=params)
        policy = answer.headers["content-security-policy"]
        found = re.search(r'<script type="importmap">(.*?)</script>', answer.text)
        assert found is not None
        digest = base64.b64encode(hashlib.sha256(found.group(1).encode()).digest()).decode()
        assert f"script-src 'self' 'sha256-{digest}'" in policy
        assert "default-src 'none'" in policy and "unsafe" not in policy


@pytest.mark.parametrize("name", ["index.html", "missing.js", "..%2Fpages.py",
                                  "%2E%2E%2F__init__.py", "..%2F..%2Fproblem.py", "pages.py"])
def test_nothing_but_the_pages_files_is_served(client: TestClient, name: str) -> None:
    answer = client.get(f"/static/{name}")
    assert answer.status_code == 404
    assert "import" not in answer.text
    if "%" not in name:  # reached the route: the API's error body
        assert answer.json()["error"]["code"] == "not_found"


def test_not_found_speaks_french_when_asked(client: TestClient) -> None:
    answer = client.get("/static/nope.js", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert answer.json()["error"]["message"].startswith("aucun fichier")


def _french_keys() -> dict[str, str]:
    text = (STATIC / "i18n.js").read_text(encoding="utf-8")
    block = text[text.index("const FR = {"):text.index("};")]
    pairs = re.findall(r'"((?:[^"\\]|\\.)*)":\s*"((?:[^"\\]|\\.)*)"', block)
    return dict(pairs)


def _page_templates() -> set[str]:
    js = "\n".join(p.read_text(encoding="utf-8") for p in STATIC.glob("*.js")
                   if p.name != "i18n.js")
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    # t("...") translates at once; N_("...") marks a text translated when it is shown
    return (set(re.findall(r'\b(?:t|N_)\("((?:[^"\\]|\\.)*)"', js))
            | set(re.findall(r'data-i18n(?:-label)?="([^"]*)"', html)))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_text_of_the_page_has_a_french_text_with_the_same_placeholders() -> None:
    fr = _french_keys()
    templates = _page_templates()
    assert len(templates) > 50
    missing = sorted(templates - set(fr))
    assert not missing, f"texts of the page without a French text: {missing}"
    wrong = {k: v for k, v in fr.items() if _fields(k) != _fields(v)}
    assert not wrong, f"French texts whose placeholders differ: {wrong}"


def test_no_data_reaches_the_page_as_html() -> None:
    for path in STATIC.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in text, f"{path.name} uses {sink}"


def test_the_page_needs_no_network() -> None:
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path.name
        assert not re.search(r"import[^;]*[\"']https?://", text), path.name


def test_the_wheel_ships_every_file_of_the_page() -> None:
    """``pyproject.toml``'s package data names every file ``/static/`` serves."""
    import fnmatch
    import tomllib

    root = STATIC.parents[2]
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["matcher"]
    for name in pages.static_files():
        rel = f"serve/static/{name}"
        assert any(fnmatch.fnmatch(rel, p) for p in patterns), rel
