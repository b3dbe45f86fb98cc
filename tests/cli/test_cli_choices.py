"""Choices first on the command line: ``[objective] choices_first``, ``--no-choices-first``,
the request's ``objective``, and what the terminal and the summary say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import PROJECTS, STUDENTS, cli

from matcher.config import config_from_dict
from matcher.errors import InputError


def _solve(tmp_path: Path, *args: object) -> dict:
    summary = tmp_path / "summary.json"
    result = cli("solve", STUDENTS, PROJECTS, "-o", tmp_path / "teams.csv", "--summary",
                 summary, "--time-limit", 60, "--explain-time", 0, "-q", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(summary.read_text(encoding="utf-8"))


def test_the_config_turns_choices_first_off_and_the_flag_back_on(tmp_path: Path) -> None:
    config = tmp_path / "plain.toml"
    config.write_text("[objective]\nchoices_first = false\n", encoding="utf-8")
    plain = _solve(tmp_path, "--config", config)
    # the plain weighted sum: 759, one student on an idea they did not rank
    assert plain["objective"] == 759 and not plain["choices"]["choices_first"]
    assert plain["choices"]["unranked"] == 1 and plain["choices"]["unranked_minimum"] is None
    first = _solve(tmp_path, "--config", config, "--choices-first")
    assert first["objective"] == 758 and first["choices"]["choices_first"]
    assert first["choices"]["unranked"] == first["choices"]["unranked_minimum"] == 0
    assert first["choices"]["minimum_proven"]
    assert first["choices"]["price_of_diversity"]["proven"]
    again = _solve(tmp_path, "--no-choices-first")
    assert again["objective"] == 759 and again["choices"]["unranked"] == 1


def test_the_terminal_says_the_unranked_count_and_the_price_of_diversity(tmp_path: Path
                                                                         ) -> None:
    result = cli("solve", STUDENTS, PROJECTS, "-o", tmp_path / "teams.csv", "--time-limit", 60,
                 "--explain-time", 0)
    assert result.exit_code == 0, result.stderr
    assert "0 students on an idea they did not rank: the proven minimum" in result.stdout
    assert "price of diversity: " in result.stdout
    plain = cli("solve", STUDENTS, PROJECTS, "-o", tmp_path / "teams.csv", "--time-limit", 60,
                "--explain-time", 0, "--no-choices-first")
    assert "1 students on an idea they did not rank\n" in plain.stdout


def test_a_request_turns_choices_first_off(tmp_path: Path) -> None:
    from matcher.read import read_problem

    problem = read_problem(STUDENTS, PROJECTS)
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"problem": json.loads(problem.model_dump_json()),
                                   "objective": {"choices_first": False}}), encoding="utf-8")
    result = cli("solve-json", request, "--time-limit", 60)
    out = json.loads(result.stdout)
    assert out["objective"] == 759 and not out["choices_first"] and out["unranked"] == 1


def test_an_unknown_objective_key_is_named() -> None:
    with pytest.raises(InputError, match="choices_frist"):
        config_from_dict({"objective": {"choices_frist": True}})
