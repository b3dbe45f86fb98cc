"""Scoring terms, one plug-in per file. See :mod:`matcher.scoring.base` and
:data:`matcher.registry.TERMS`."""

from matcher.scoring.base import ScoringTerm

__all__ = ["ScoringTerm"]
