"""Which hard rules apply, with which parameters (the ``[rules]`` section of a config).

:class:`Rules` is built from the rule plug-ins of :data:`matcher.registry.RULES`: each field is
one plug-in's declaration (:attr:`~matcher.constraints.base.Constraint.parameters`), in the
registry's order, and :meth:`Rules.issues` asks each plug-in what is wrong with its own
parameters (:meth:`~matcher.constraints.base.Constraint.parameter_issues`). This module names no
rule: a rule added to the registry joins the ``[rules]`` section, the JSON request and their
JSON schema by itself. The always-on rules (``assignment``'s ``allow_unassigned`` aside) and
the rules read from the students' and ideas' columns (``refused``, ``proposers``, ``avoid``)
declare no parameters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, create_model

from matcher.issues import RecordIssue
from matcher.problem import Problem
from matcher.registry import RULES, term_issues

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from matcher.constraints.base import Constraint


class RulesBase(BaseModel):
    """What every :class:`Rules` model shares: frozen, no unknown field, and its issues."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def issues(self, problem: Problem) -> list[RecordIssue]:
        """Problems with the rules themselves (unknown ids or attributes, bad numbers), each
        rule's own, in :data:`~matcher.registry.RULES` order."""
        out: list[RecordIssue] = []
        for cls in RULES.values():
            if cls.parameters:
                out.extend(cls.parameter_issues(problem))
        return out

    def weight_issues(self, problem: Problem) -> list[RecordIssue]:
        """Unknown term names and attributes of the problem's weights
        (:func:`~matcher.registry.term_issues`). Here because :class:`~matcher.problem.Problem`
        validation reaches the term catalog only through the model the registry built for its
        rules: the problem's module lies below the plug-ins and cannot name them."""
        return term_issues(problem, problem.weights)


def _fields(plugins: Iterable[type[Constraint]]) -> dict[str, tuple[Any, FieldInfo]]:
    fields: dict[str, tuple[Any, FieldInfo]] = {}
    for cls in plugins:
        for name, spec in cls.parameters.items():
            if name in fields:
                raise ValueError(f"two rules declare the [rules] field {name!r} "
                                 f"(the second: {cls.name!r})")
            fields[name] = spec
    return fields


def _docstring(fields: dict[str, tuple[Any, FieldInfo]]) -> str:
    lines = ["Parameters of the configurable hard rules (built from the registry's plug-ins).",
             "", "Attributes", "----------"]
    for name, (_, info) in fields.items():
        lines.append(f"{name}:")
        lines.extend(f"    {line}" for line in (info.description or "").splitlines())
    return "\n".join(lines)


def _build() -> type[RulesBase]:
    fields = _fields(RULES.values())
    return create_model("Rules", __base__=RulesBase, __module__=__name__,
                        __doc__=_docstring(fields), **fields)  # type: ignore[call-overload]


#: The ``[rules]`` section and the ``rules`` object of a JSON request.
Rules: type[RulesBase] = _build()
Problem.model_rebuild(_types_namespace={"Rules": Rules})


def rebuild_rules() -> None:
    """Rebuild :class:`Rules` in place after :data:`~matcher.registry.RULES` changed (a test's
    rule registered and removed), and every model that embeds it (the problem, the config,
    the requests), so that the same class objects accept the registry's fields."""
    fields = _fields(RULES.values())
    Rules.__pydantic_fields__ = {name: _field_info(tp, info) for name, (tp, info)
                                 in fields.items()}
    Rules.__annotations__ = {name: tp for name, (tp, _) in fields.items()}
    Rules.__doc__ = _docstring(fields)
    Rules.model_rebuild(force=True)
    dependents = [m for m in _models(BaseModel) if m is not Rules
                  and m.__module__.startswith("matcher")
                  and m.__pydantic_complete__ and _embeds_rules(m)]
    for _ in dependents:  # enough passes for any order of nesting
        for model in dependents:
            model.model_rebuild(force=True)


def _field_info(tp: Any, info: FieldInfo) -> FieldInfo:
    from pydantic.fields import FieldInfo

    return FieldInfo.merge_field_infos(FieldInfo.from_annotation(tp), info)


def _models(base: type[BaseModel]) -> list[type[BaseModel]]:
    out: list[type[BaseModel]] = []
    for sub in base.__subclasses__():
        out.append(sub)
        out.extend(_models(sub))
    return out


def _embeds_rules(model: type[BaseModel]) -> bool:
    return "'Rules'" in repr(model.__pydantic_core_schema__)
