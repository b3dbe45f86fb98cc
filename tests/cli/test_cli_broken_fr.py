"""The broken-input corpus through ``matcher --lang fr solve``: French words, same places.

Every refused input (exit 2) names the file, the row (``ligne``), the column (``colonne``), the
key (``clé``) and the value (``valeur``) as the English message does, and no English sentence
of the message catalog is left. (The infeasible cases, exit 1, are the solver's report.)
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from cli_support import BROKEN, cli
from i18n_support import english_sentences

CASES = [c for c in tomllib.loads((BROKEN / "cases.toml").read_text(encoding="utf-8"))["case"]
         if c["code"] == 2]
PLACE = {"row": "ligne", "column": "colonne", "value": "valeur", "key": "clé",
         "option": "option"}


def _args(case: dict, out: Path) -> list[str]:
    args = [str(BROKEN / case.get("students", "students.csv")),
            str(BROKEN / case.get("projects", "projects.csv")), "-o", str(out)]
    if "config" in case:
        args += ["--config", str(BROKEN / case["config"])]
    return args + list(case.get("args", []))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_broken_case_in_french(case: dict, tmp_path: Path) -> None:
    out = tmp_path / "teams.csv"
    english = cli("solve", *_args(case, out)).stderr
    result = cli("--lang", "fr", "solve", *_args(case, out))
    french = result.stderr
    assert result.exit_code == 2, french
    assert french.startswith("erreur: "), french
    assert french != english
    for text in case["expect"]:
        place = re.fullmatch(r"(row) (\d+)|(column|value|key) ('.*'|-?\d+)|(option) (--\w+)",
                             text)
        if place:
            word, where = next((place.group(i), place.group(i + 1)) for i in (1, 3, 5)
                               if place.group(i))
            assert f"{PLACE[word]} {where}" in french, (text, french)
        elif re.fullmatch(r"[\w.-]+\.(csv|xlsx|ods|numbers|toml)", text):
            assert text in french, (text, french)
    assert not re.search(r"\b(row \d|column '|value '|key ')", french), french
    leftover = sorted(s for s in english_sentences() if s in french)
    assert not leftover, (leftover, french)
    assert not out.exists()
