"""One deadline shared by every explanation of a call (:class:`ExplanationBudget`; the
search's own is :class:`matcher.search.budget.Budget`)."""

from __future__ import annotations

import math
import time


class ExplanationBudget:
    """Seconds left until a :func:`time.monotonic` deadline (``None``: no deadline).

    Build it from a deadline or from seconds (:meth:`of`); every layer asks :meth:`left`
    and :meth:`share` instead of keeping its own clock.
    """

    def __init__(self, deadline: float | None = None) -> None:
        self.deadline = deadline

    @classmethod
    def of(cls, deadline: float | None = None, seconds: float | None = None) -> ExplanationBudget:
        """The earlier of ``deadline`` (a :func:`time.monotonic` value) and ``seconds``
        from now; no deadline when both are ``None``."""
        ends = [d for d in (deadline, None if seconds is None else time.monotonic() + seconds)
                if d is not None]
        return cls(min(ends) if ends else None)

    def left(self) -> float:
        """Seconds left (``inf`` without a deadline, never negative)."""
        if self.deadline is None:
            return math.inf
        return max(0.0, self.deadline - time.monotonic())

    def expired(self) -> bool:
        """No time left."""
        return self.left() <= 0.0

    def share(self, parts: int, cap: float | None = None) -> float:
        """An equal share of the time left among ``parts`` tasks, at most ``cap`` seconds."""
        s = self.left() / max(1, parts)
        return min(s, cap) if cap is not None else s
