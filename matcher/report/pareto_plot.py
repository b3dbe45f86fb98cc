"""A Pareto front drawn as an image (``matcher pareto --plot``): the attainment staircase,
the proven non-dominated points and those the time limit left unproven. Needs matplotlib
(the ``plot`` extra), imported only when a front is drawn.
"""

from __future__ import annotations

import io
import os

from matcher.i18n import tr
from matcher.io.write import atomic_write_bytes
from matcher.pareto import ParetoFront


def plot_front(path: str, front: ParetoFront) -> None:
    """Draw the front as a PNG (or any format matplotlib knows by the suffix), atomically."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(6, 4.5), dpi=100)
    ax = fig.subplots()
    xs = [p.x for p in front.points]
    ys = [p.y for p in front.points]
    ax.step(xs, ys, where="pre", color="0.6", linewidth=1)  # the attainment staircase
    exact = [p for p in front.points if p.exact]
    rough = [p for p in front.points if not p.exact]
    ax.scatter([p.x for p in exact], [p.y for p in exact], color="tab:blue", zorder=3,
               label=tr("proven non-dominated"))
    if rough:
        ax.scatter([p.x for p in rough], [p.y for p in rough], facecolors="none",
                   edgecolors="tab:red", zorder=3, label=tr("not proven (time limit)"))
    for p in front.points:
        ax.annotate(str(p.point), (p.x, p.y), textcoords="offset points", xytext=(4, 4),
                    fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(front.x)
    ax.set_ylabel(front.y)
    ax.set_title(tr("Pareto front: {y} against {x} ({count} points)", y=front.y, x=front.x,
                    count=len(front.points)))
    ax.legend(loc="best", fontsize=8)
    ax.grid(True, alpha=0.3)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=os.path.splitext(path)[1].lstrip(".").lower() or "png")
    atomic_write_bytes(path, buffer.getvalue())
