"""The token: every request carries it when the server has one (header or ``?token=``)."""

from __future__ import annotations

import pytest
from serve_api_support import make_client

from matcher.serve.settings import ServeSettings, is_loopback


@pytest.fixture
def guarded(tmp_path):
    with make_client(tmp_path / "data", token="s3cret") as c:
        yield c


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/jobs", "/", "/api/v1/problems/x"])
def test_without_the_token_every_route_is_401(guarded, path):
    r = guarded.get(path)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"
    assert guarded.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert guarded.get(path + "?token=wrong").status_code == 401


def test_the_token_opens_by_header_or_query(guarded):
    assert guarded.get("/api/v1/health",
                       headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert guarded.get("/api/v1/health?token=s3cret").status_code == 200
    assert guarded.get("/?token=s3cret").status_code == 200


def test_the_401_is_translated(guarded):
    r = guarded.get("/api/v1/health?lang=fr")
    assert "jeton" in r.json()["error"]["message"]


def test_without_a_token_no_header_is_needed(client_free):
    assert client_free.get("/api/v1/health").json()["status"] == "ok"


@pytest.fixture
def client_free(tmp_path):
    with make_client(tmp_path / "data") as c:
        yield c


def test_loopback_hosts_need_no_token():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert is_loopback("[::1]") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    assert not is_loopback("example.org") and not is_loopback("::")
    assert ServeSettings(host="0.0.0.0").needs_token
    assert not ServeSettings().needs_token
