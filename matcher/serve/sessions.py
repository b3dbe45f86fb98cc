"""Problems uploaded once and kept by id, with their compiled checks in a bounded cache.

The JSON of every problem lives in the :class:`~matcher.serve.store.Store`; the validated
:class:`~matcher.problem.Problem` and its :class:`~matcher.serve.checking.CompiledCheck` (per
rules and weights) are kept in memory for the latest ``size`` problems, so that a drag's
``check`` neither re-reads nor re-validates anything.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from matcher.problem import Problem
from matcher.serve.checking import CompiledCheck
from matcher.serve.errors import problem_not_found
from matcher.serve.store import Store

#: Compiled checks kept per problem (one per set of rules and weights asked for).
CHECKS_PER_PROBLEM = 4


def new_id() -> str:
    """A fresh, unguessable id (problems and jobs)."""
    return secrets.token_urlsafe(12)


class _Entry:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.checks: OrderedDict[str, CompiledCheck] = OrderedDict()


class Sessions:
    """The problems of the server by id: stored, and the latest ``size`` kept compiled."""

    def __init__(self, store: Store, size: int = 16) -> None:
        self.store = store
        self.size = size
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, _Entry] = OrderedDict()

    def add(self, problem: Problem, warnings: list[dict[str, Any]] | None = None, *,
            body: str | None = None) -> str:
        """Keep ``problem`` (``body``: its JSON, when already made); return its new id."""
        pid = new_id()
        self.store.add_problem(pid, body or problem.model_dump_json(), warnings or [])
        with self._lock:
            self._remember(pid, _Entry(problem))
        return pid

    def forget(self, pid: str) -> None:
        """Drop ``pid`` from memory (it was deleted from the store)."""
        with self._lock:
            self._cache.pop(pid, None)

    def _remember(self, pid: str, entry: _Entry) -> None:
        self._cache[pid] = entry
        self._cache.move_to_end(pid)
        while len(self._cache) > self.size:
            self._cache.popitem(last=False)

    def _entry(self, pid: str) -> _Entry:
        with self._lock:
            entry = self._cache.get(pid)
            if entry is not None:
                self._cache.move_to_end(pid)
                return entry
        stored = self.store.problem(pid)
        if stored is None:
            raise problem_not_found(pid)
        entry = _Entry(Problem.model_validate_json(stored[0]))
        with self._lock:
            self._remember(pid, entry)
        return entry

    def problem(self, pid: str) -> Problem:
        """The validated problem ``pid``; 404 :class:`~matcher.serve.errors.ApiError` when
        unknown."""
        return self._entry(pid).problem

    def warnings(self, pid: str) -> list[dict[str, Any]]:
        """The located warnings of the problem's reading."""
        stored = self.store.problem(pid)
        if stored is None:
            raise problem_not_found(pid)
        return stored[1]

    def compiled(self, pid: str, rules: Mapping[str, Any] | None = None,
                 weights: Mapping[str, int] | None = None) -> tuple[Problem, CompiledCheck]:
        """``pid``'s problem with ``rules`` fields replaced, and its compiled check under
        ``weights``: made once, kept with the problem (the latest few per problem).

        Raises
        ------
        InputError
            Invalid rules or weights, located.
        """
        from matcher.serve.uploads import check_weights, with_rules

        entry = self._entry(pid)
        key = json.dumps([rules or {}, dict(weights or {})], sort_keys=True, default=str)
        with self._lock:
            found = entry.checks.get(key)
            if found is not None:
                entry.checks.move_to_end(key)
                return found.problem, found
        problem = with_rules(entry.problem, rules)
        check_weights(problem, weights)
        made = CompiledCheck(problem, weights)
        with self._lock:
            entry.checks[key] = made
            while len(entry.checks) > CHECKS_PER_PROBLEM:
                entry.checks.popitem(last=False)
        return problem, made
