"""``sweep --scheduler``: a Dask scheduler and a worker on 127.0.0.1 run the same rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from cohort_files import write_cohort
from typer.testing import CliRunner

from matcher.cli import app
from matcher.sweep import NON_REPRODUCIBLE

distributed = pytest.importorskip("distributed")


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: v for k, v in row.items() if k not in NON_REPRODUCIBLE}
                for row in csv.DictReader(fh)]


def test_sweep_on_a_dask_cluster_gives_the_local_rows(tmp_path: Path) -> None:
    students, projects = write_cohort(tmp_path)
    base = ["sweep", students, projects, "--grid", "preference=1,2", "--grid",
            "institution=0,5", "--workers", "1", "-t", "30", "-q",
            "--point-time-limit", "4"]  # the same limits with and without a pool to start
    runner = CliRunner()
    local, remote = tmp_path / "local.csv", tmp_path / "dask.csv"
    res = runner.invoke(app, [*base, "-o", str(local), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    # a real TCP scheduler and one single-threaded worker, both listening on loopback only
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  protocol="tcp", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        res = runner.invoke(app, [*base, "-o", str(remote), "--scheduler", address])
        assert res.exit_code == 0, res.output
    rows = read_rows(remote)
    assert len(rows) == 4
    assert rows == read_rows(local)
