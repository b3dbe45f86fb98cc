"""A Pareto front drawn as an image (:mod:`matcher.report.pareto_plot`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.pareto import ParetoFront, ParetoPoint
from matcher.report.pareto_plot import plot_front
from matcher.result import Result, Status


def _point(k: int, x: int, y: int, exact: bool) -> ParetoPoint:
    result = Result(status=Status.OPTIMAL, objective=0, assignment={})
    return ParetoPoint(point=k, x=x, y=y, exact=exact, y_status=Status.OPTIMAL,
                       x_status=Status.OPTIMAL, result=result)


def test_a_front_is_written_as_the_image_its_suffix_names(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    front = ParetoFront(x="preference", y="discipline",
                        points=[_point(1, 3, 9, True), _point(2, 5, 4, False)])
    png, svg = tmp_path / "front.png", tmp_path / "front.svg"
    plot_front(str(png), front)
    plot_front(str(svg), front)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # atomic
