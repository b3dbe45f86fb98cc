"""Shared by the tests of the server's API (tests/serve/test_api*.py, test_jobs*.py): a tiny
cohort as files, an application on a temporary data directory, and waiting for a job."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from matcher.serve import ServeSettings, create_app  # noqa: E402

#: Six students, three ideas of exactly two: every move breaks a team size.
STUDENTS = b"""id,name,discipline,institution,email,preferences
S1,Ann Lee,design,A,ann@example.org,P1;P2
S2,Bob Ray,eng,B,bob@example.org,P1;P3
S3,Cid Moe,eng,A,cid@example.org,P2;P1
S4,Dan Roe,bio,B,dan@example.org,P3;P2
S5,Eve Poe,design,B,eve@example.org,P1;P3
S6,Fay Day,bio,A,fay@example.org,P2;P3
"""
PROJECTS = b"""id,title,min_size,max_size
P1,One,2,2
P2,Two,2,2
P3,Three,2,2
"""
#: A valid formation of the tiny cohort.
TEAMS = {"S1": "P1", "S2": "P1", "S3": "P2", "S4": "P3", "S5": "P3", "S6": "P2"}


def files(students: bytes = STUDENTS, projects: bytes = PROJECTS,
          names: tuple[str, str] = ("students.csv", "projects.csv")) -> dict[str, Any]:
    """The multipart fields of an upload."""
    return {"students": (names[0], students, "text/csv"),
            "projects": (names[1], projects, "text/csv")}


def make_client(data_dir: Path, *, raise_server_exceptions: bool = True,
                **settings: Any) -> TestClient:
    """A client of a fresh application on ``data_dir`` (use it in a ``with``), calling it by
    one of its names (``127.0.0.1:8000``)."""
    settings.setdefault("time_limit", 2.0)
    return TestClient(create_app(ServeSettings(data_dir=data_dir, **settings)),
                      base_url="http://127.0.0.1:8000",
                      raise_server_exceptions=raise_server_exceptions)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """A client of an application without a token, on a temporary data directory."""
    with make_client(tmp_path / "data") as c:
        yield c


def upload(client: TestClient, **kwargs: Any) -> dict[str, Any]:
    """Upload the tiny cohort (or ``kwargs`` for :func:`files`); the answer."""
    r = client.post("/api/v1/problems", files=files(**kwargs))
    assert r.status_code == 201, r.text
    return r.json()


def wait_job(client: TestClient, jid: str, *, until: tuple[str, ...] = ("done", "failed",
                                                                       "cancelled"),
             timeout: float = 60.0) -> dict[str, Any]:
    """Poll a job until its status is one of ``until``; its body."""
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/api/v1/jobs/{jid}").json()
        if body["status"] in until:
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.05)
