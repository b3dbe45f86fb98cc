"""The command line in French and in English: ``--lang``, ``MATCHER_LANG``, the locale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import BROKEN, PROJECTS, STUDENTS, cli, run
from typer.testing import CliRunner

from matcher.cli import app
from matcher.i18n import current_language

#: No language chosen anywhere: the locale alone decides.
NO_CHOICE = {"MATCHER_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANGUAGE": None}


@pytest.fixture(scope="module")
def teams(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lang") / "teams.csv"
    result = cli("solve", STUDENTS, PROJECTS, "-o", path, "--workers", 1, "-q")
    assert result.exit_code == 0, result.stderr
    return path


def _check(*args: object, env: dict[str, str | None] | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


def test_check_in_french_prints_french_tables(teams: Path) -> None:
    result = cli("--lang", "fr", "check", STUDENTS, PROJECTS, teams)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for word in ("Équipes", "Projet", "Taille", "Membres (rang)", "Établissements",
                 "premier choix", "rang moyen obtenu", "disciplines / équipe", "Scores",
                 "Terme", "Poids", "Pondéré", "objectif", "OK : les équipes de"):
        assert word in out, word
    for word in ("Members (rank)", "mean rank obtained", "break none of the rules"):
        assert word not in out, word


def test_figure_labels_stay_aligned_in_french(teams: Path) -> None:
    out = cli("--lang", "fr", "check", STUDENTS, PROJECTS, teams).stdout
    labels = ("premier choix", "3 premiers choix", "rang moyen obtenu", "disciplines / équipe",
              "établissements / équipe")
    lines = [line for line in out.splitlines() if line.startswith(labels)]
    assert len(lines) == len(labels)
    starts = {len(line) - len(line[len(label):].lstrip())
              for line, label in zip(lines, labels, strict=True)}
    assert len(starts) == 1  # every value starts in the same column


def test_english_is_the_default_and_the_language_is_restored(teams: Path) -> None:
    result = _check("check", STUDENTS, PROJECTS, teams, env={**NO_CHOICE, "LANG": "C.UTF-8"})
    assert result.exit_code == 0
    assert "Members (rank)" in result.stdout and "mean rank obtained" in result.stdout
    cli("--lang", "fr", "check", STUDENTS, PROJECTS, teams)
    assert current_language() == "en"  # a command's language does not leak into the caller


@pytest.mark.parametrize("env", [
    {**NO_CHOICE, "LANG": "fr_FR.UTF-8"},
    {**NO_CHOICE, "LANG": "C.UTF-8", "LC_MESSAGES": "fr_CA.UTF-8"},
    {**NO_CHOICE, "LANG": "C.UTF-8", "MATCHER_LANG": "fr"},
])
def test_the_locale_or_matcher_lang_chooses_french(teams: Path, env: dict) -> None:
    result = _check("check", STUDENTS, PROJECTS, teams, env=env)
    assert result.exit_code == 0
    assert "Membres (rang)" in result.stdout and "rang moyen obtenu" in result.stdout


def test_lang_flag_wins_over_the_locale(teams: Path) -> None:
    result = _check("--lang", "en", "check", STUDENTS, PROJECTS, teams,
                    env={**NO_CHOICE, "LANG": "fr_FR.UTF-8"})
    assert "Members (rank)" in result.stdout


def test_unknown_language_is_a_usage_error() -> None:
    result = cli("--lang", "de", "check", STUDENTS, PROJECTS, STUDENTS)
    assert result.exit_code == 2
    assert "--lang" in result.stderr and "en, fr" in result.stderr


def test_broken_file_in_french_keeps_row_column_and_value(teams: Path) -> None:
    result = cli("--lang", "fr", "check", BROKEN / "pref_unknown_students.csv",
                 BROKEN / "projects.csv", teams)
    assert result.exit_code == 2
    assert result.stderr.startswith("erreur: "), result.stderr
    assert ("pref_unknown_students.csv, ligne 4, colonne 'preferences', valeur 'Fablabs': "
            "l'étudiant 'S3' classe le projet inconnu 'Fablabs' (vouliez-vous dire 'P3'"
            in result.stderr), result.stderr


@pytest.mark.slow
def test_broken_file_in_french_through_the_locale_in_a_real_process(teams: Path) -> None:
    proc = run("check", BROKEN / "pref_twice_students.csv", BROKEN / "projects.csv", teams,
               env={"LANG": "fr_FR.UTF-8", "LC_ALL": "", "MATCHER_LANG": ""})
    assert proc.returncode == 2
    assert ("ligne 5, colonne 'preferences', valeur 'P3': l'étudiant S4 classe deux fois le "
            "projet P3 (rangs 1 et 3)") in proc.stderr, proc.stderr


def test_config_error_in_french_rewords_pydantic(tmp_path: Path, teams: Path) -> None:
    config = tmp_path / "rules.toml"
    config.write_text("[solver]\ntime_limit = -1\n", encoding="utf-8")
    result = cli("--lang", "fr", "check", STUDENTS, PROJECTS, teams, "-c", config)
    assert result.exit_code == 2
    assert "solver.time_limit: la valeur doit être supérieure à 0" in result.stderr
    english = cli("check", STUDENTS, PROJECTS, teams, "-c", config)
    assert "solver.time_limit: Input should be greater than 0" in english.stderr


def test_broken_rules_listed_in_french(tmp_path: Path) -> None:
    teams = tmp_path / "teams.csv"
    teams.write_text("student_id,project_id\nS001,P01\n", encoding="utf-8")
    result = cli("--lang", "fr", "check", STUDENTS, PROJECTS, teams, "-q")
    assert result.exit_code == 1
    assert "Les équipes enfreignent" in result.stderr
    assert "[assignment] l'étudiant S002 n'a pas d'équipe" in result.stderr


@pytest.mark.slow
def test_report_in_french(tmp_path: Path, teams: Path) -> None:
    report = tmp_path / "rapport.html"
    result = cli("--lang", "fr", "check", STUDENTS, PROJECTS, teams, "--report", report, "-q")
    assert result.exit_code == 0, result.stderr
    html = report.read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    for label in ("<title>Équipes", "Rangs obtenus", "Chaque étudiant",
                  "Règles et poids", "sur leur premier choix", "choix 1", "Vœux"):
        assert label in html, label
    for label in ("Ranks obtained", "Every student", "Rules and weights"):
        assert label not in html, label
    english = tmp_path / "report.html"
    cli("check", STUDENTS, PROJECTS, teams, "--report", english, "-q")
    assert '<html lang="en">' in english.read_text(encoding="utf-8")


def test_solve_json_keeps_machine_keys_and_translates_reasons() -> None:
    problem = {"students": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
               "projects": [{"id": "P", "max_size": 2}]}
    result = cli("--lang", "fr", "solve-json", input=json.dumps(problem))
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["status"] == "INFEASIBLE" and "assignment" in out
    assert any("accueillent au plus 2 étudiants" in r for r in out["reasons"]), out["reasons"]


def test_solve_json_error_in_french() -> None:
    result = cli("--lang", "fr", "solve-json", input='{"students": [}')
    assert result.exit_code == 2
    assert "<stdin>, ligne 1" in result.stderr and "JSON invalide" in result.stderr


@pytest.mark.parametrize("flag", [["--lang", "fr"], ["--lang=fr"]])
def test_lang_may_follow_the_command(teams: Path, flag: list[str]) -> None:
    result = cli("check", STUDENTS, PROJECTS, teams, *flag)
    assert result.exit_code == 0, result.stderr
    assert "Membres (rang)" in result.stdout


def test_live_progress_keeps_the_language_in_rich_s_thread() -> None:
    import threading

    from rich.console import Console

    from matcher.cli.progress import LiveProgress
    from matcher.i18n import language

    with language("fr"):
        display = LiveProgress(Console(width=100), time_limit=10)
    seen: list[str] = []

    def draw() -> None:  # rich redraws from a thread of its own, with a fresh context
        console = Console(width=100, record=True)
        console.print(display.render())
        seen.append(console.export_text())

    thread = threading.Thread(target=draw)
    thread.start()
    thread.join()
    assert "meilleur objectif" in seen[0] and "recherche" in seen[0]
