"""CLI: matcher explain, and --report / --previous / --lock on solve and check."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from matcher.cli import app

runner = CliRunner()


def _files(tmp: Path) -> tuple[str, str]:
    s = tmp / "students.csv"
    s.write_text("id,name,discipline,preferences\nA,<script>,x,P1;P2\nB,Bo,y,P1\nC,Cy,z,P1\n"
                 "D,Di,x,P2\n", encoding="utf-8")
    p = tmp / "projects.csv"
    p.write_text("id,title,min_size,max_size\nP1,One,1,2\nP2,Two,1,2\n", encoding="utf-8")
    return str(s), str(p)


def test_solve_report_then_check_and_explain(tmp_path: Path) -> None:
    s, p = _files(tmp_path)
    teams, report = tmp_path / "teams.csv", tmp_path / "report.html"
    r = runner.invoke(app, ["solve", s, p, "-o", str(teams), "--report", str(report),
                            "--workers", "1", "-t", "10"])
    assert r.exit_code == 0, r.output
    html = report.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html and "<script>" not in html
    r = runner.invoke(app, ["check", s, p, str(teams), "--report", str(tmp_path / "c.html")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "c.html").exists()
    r = runner.invoke(app, ["explain", s, p, str(teams), "--student", "A", "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert "A (<script>) is on" in r.output
    r = runner.invoke(app, ["explain", s, p, str(teams), "--student", "nobody"])
    assert r.exit_code == 2


def test_solve_previous_and_lock(tmp_path: Path) -> None:
    s, p = _files(tmp_path)
    prev = tmp_path / "prev.csv"
    prev.write_text("student_id,project_id,locked\nA,P2,yes\nB,P1,\nC,P1,\nGone,P2,\n",
                    encoding="utf-8")
    out = tmp_path / "teams.csv"
    r = runner.invoke(app, ["solve", s, p, "-o", str(out), "--previous", str(prev),
                            "--lock", str(prev), "--workers", "1", "-t", "10"])
    assert r.exit_code == 0, r.output
    assert "Moved since the previous formation: 0" in r.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert any(row.startswith("A,") and ",P2," in row for row in rows)


def test_solve_infeasible_is_diagnosed(tmp_path: Path) -> None:
    s, p = _files(tmp_path)
    cfg = tmp_path / "rules.toml"
    cfg.write_text('[rules]\nkeep_together = [["A", "B"]]\nkeep_apart = [["A", "B"]]\n',
                   encoding="utf-8")
    r = runner.invoke(app, ["solve", s, p, "-o", str(tmp_path / "t.csv"), "-c", str(cfg),
                            "--workers", "1", "-t", "10"])
    assert r.exit_code == 1
    assert "A and B must be on different teams" in r.output
    assert "restores a formation" in r.output
