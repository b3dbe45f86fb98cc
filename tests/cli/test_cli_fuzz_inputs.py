"""Hypothesis fuzzing of the command line's input path (:func:`matcher.cli.inputs.load_inputs`,
i.e. :func:`matcher.read_problem` plus the checks of the CLI).

Random students files, well-formed or not, in any delimiter and encoding, end in a problem or
an :class:`~matcher.errors.InputError` naming the file, never in another exception.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import BROKEN
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.cli.errors import describe
from matcher.cli.inputs import load_inputs
from matcher.errors import InputError, InputErrors

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
HEADERS = ["id", "name", "discipline", "institution", "preferences", "refused", "choice_1",
           "Choix 2", "gender", "year", "Identifiant", "", "id"]
CELLS = st.one_of(
    st.sampled_from(["S1", "S2", "S3", "s1", "P1", "P2", "P3", "p2 ", "Préau", "P1;P2", "P2;P2",
                     "P9", "", " ", "=1+1", "Zoé", "3", "-1", "oui", '"', "a,b", "x;y"]),
    st.text(alphabet="abcPS123;,é\"' \t=-", max_size=8),
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz_inputs")


def _check(path: Path) -> None:
    try:
        inputs = load_inputs(str(path), str(BROKEN / "projects.csv"))
    except InputError as error:
        errors = error.errors if isinstance(error, InputErrors) else [error]
        for e in errors:
            line = describe(e)
            assert line and "\n" not in e.message
        assert any(e.file == str(path) for e in errors) or any(
            e.file and e.file.endswith("projects.csv") for e in errors)
        return
    assert len(inputs.problem.students) >= 1


@pytest.mark.slow
@FUZZ
@given(header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
       rows=st.lists(st.lists(CELLS, min_size=0, max_size=7), max_size=6),
       delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_random_students_tables(workdir: Path, header: list[str], rows: list[list[str]],
                                delimiter: str, encoding: str) -> None:
    text = "\n".join(delimiter.join(r) for r in [header, *rows]) + "\n"
    path = workdir / "students.csv"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    path.write_bytes(data)
    _check(path)


@FUZZ
@given(data=st.binary(max_size=600))
def test_random_bytes(workdir: Path, data: bytes) -> None:
    path = workdir / "bytes.csv"
    path.write_bytes(b"id,preferences\n" + data)
    _check(path)
