"""``matcher inspect`` and :func:`matcher.inspection.inspect_inputs` (issue 20, item 5)."""

from __future__ import annotations

from pathlib import Path

from cli.cli_support import cli

from matcher.inspection import inspect_inputs

STUDENTS = ("Horodateur,Adresse e-mail,Nom,Prénom,Choix 1,Genre\n"
            "01/09/2026 10:00:00,Ines@u.fr,Fournier,Inès,Eau & énergie,F\n"
            "01/09/2026 11:00:00,ines@u.fr ,Fournier,Inès,P1,F\n"
            "01/09/2026 10:00:00,n@u.fr,Garcia,Nathan,Je ne sais pas,M\n")
PROJECTS = ("N°;Titre;Effectif min;Nombre max d'étudiants;Porteur\n"
            "P1;Eau et énergie;1;3;Nathan Garcia\nP2;Robot;1;3;\n")


def files(tmp_path: Path, students: str = STUDENTS, projects: str = PROJECTS):
    s, p = tmp_path / "s.csv", tmp_path / "p.csv"
    s.write_text(students, encoding="utf-8")
    p.write_text(projects, encoding="utf-8")
    return s, p


def test_each_column_is_told_with_its_reading(tmp_path) -> None:
    found = inspect_inputs(*files(tmp_path))
    read_as = {(Path(c.file).name, c.header): (c.read_as, c.values, c.sample)
               for c in found.columns}
    assert read_as[("p.csv", "Effectif min")] == ("min_size", 2, "1")
    assert read_as[("p.csv", "Nombre max d'étudiants")][0] == "max_size"
    assert read_as[("s.csv", "Choix 1")][0] == "preferences (choices)"
    assert read_as[("s.csv", "Genre")] == ("attribute 'genre'", 3, "F")
    assert (found.students, found.projects, found.errors) == (2, 2, [])
    (merged,) = found.merged
    assert "rows 2, 3" in str(merged)
    assert any("name nobody" in str(w) for w in found.warnings)


def test_errors_of_both_files_are_listed_and_the_command_fails(tmp_path) -> None:
    s, p = files(tmp_path, projects=PROJECTS.replace(";1;3;Nathan", ";x;3;Nathan"))
    found = inspect_inputs(s, p)
    assert [(Path(e.file).name, e.row, e.column) for e in found.errors] == [
        ("p.csv", 2, "Effectif min")]
    result = cli("inspect", s, p)
    assert result.exit_code == 2
    assert "'Effectif min' -> min_size" in result.stdout
    assert "row 2, column 'Effectif min', value 'x'" in result.stdout


def test_the_command_prints_the_config_lines(tmp_path) -> None:
    s, p = files(tmp_path, students=STUDENTS.replace("Genre", "Disciplin"))
    result = cli("inspect", s, p, "-c", _config(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert '[columns.students] "Disciplin" = "discipline"' in result.stdout


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "c.toml"
    path.write_text("[aliases]\n\"Eau & énergie\" = \"P1\"\n", encoding="utf-8")
    return path
