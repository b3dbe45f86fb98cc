"""Configuration: rules, weights, column mapping and solver settings (a TOML file).

Example ``rules.toml``::

    [weights]
    preference = 1
    discipline = 10
    institution = 5
    blau.gender = 2          # dotted keys name attribute terms

    [rules]
    max_per_value = { discipline = 2 }
    min_distinct = { discipline = 3 }
    no_isolated = { gender = ["F"] }
    keep_apart = [["S003", "S017"]]
    top_k = 5

    [columns]                # header in the file -> canonical column
    "Quelle est votre discipline ?" = "discipline"

    [solver]
    time_limit = 30
    workers = 2
    seed = 0

    [input]
    duplicates = "latest"    # a student who answered twice: latest | earliest | error
    max_rows = 200000        # limits on each file read (see matcher.io.limits.ReadLimits)
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from matcher.dissimilarity import Dissimilarity
from matcher.errors import InputError, pydantic_message
from matcher.i18n import tr
from matcher.io.limits import ReadLimits
from matcher.problem import DEFAULT_WEIGHTS, Integer, bounded_integer, bounded_number
from matcher.rules import Rules


class SolverSettings(BaseModel):
    """``[solver]``: search settings (command-line flags override them)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    time_limit: bounded_number(gt=0, allow_inf_nan=False) | None = None  # type: ignore[valid-type]
    workers: bounded_integer(ge=1) | None = None  # type: ignore[valid-type]
    seed: Integer | None = None


class ObjectiveSettings(BaseModel):
    """``[objective]``: what the search optimises (command-line flags override it)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: First the fewest students on an idea they did not rank (a proven minimum), then the
    #: weighted sum under it (:mod:`matcher.search.lexicographic`); ``false``: the plain
    #: weighted sum.
    choices_first: bool = True


class InputSettings(BaseModel):
    """``[input]``: how the input files are read (command-line flags override it)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: A student id on several rows (a form answered twice): keep the ``latest`` answer, the
    #: ``earliest``, or refuse them (``error``). See :mod:`matcher.duplicates`.
    duplicates: Literal["latest", "earliest", "error"] = "latest"
    #: Limits on each file read (:class:`~matcher.io.limits.ReadLimits`); unset: the default.
    max_rows: int | None = Field(default=None, ge=1)
    max_columns: int | None = Field(default=None, ge=1)
    max_cells: int | None = Field(default=None, ge=1)
    max_file_bytes: int | None = Field(default=None, ge=1)

    def read_limits(self) -> ReadLimits:
        """The :class:`~matcher.io.limits.ReadLimits` these settings ask for. A limit raised
        past its default also reads every spreadsheet in a child process: a config (an
        uploaded one too) that lifts the limits cannot make the reader abort the caller."""
        chosen: dict[str, Any] = {
            k: v for k, v in (("max_rows", self.max_rows), ("max_columns", self.max_columns),
                              ("max_cells", self.max_cells),
                              ("max_file_bytes", self.max_file_bytes)) if v is not None}
        default = ReadLimits()
        if any(v > getattr(default, k) for k, v in chosen.items()):
            chosen["isolate"] = "always"
        return ReadLimits(**chosen)


class Config(BaseModel):
    """A whole configuration: ``[weights]``, ``[rules]``, ``[columns]``, ``[solver]``,
    ``[objective]`` and ``[input]``.

    ``columns`` maps a header as written in a file to a canonical column; a nested table
    ``[columns.students]`` / ``[columns.projects]`` applies to one file only.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    weights: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    rules: Rules = Field(default_factory=Rules)
    columns: dict[str, Any] = Field(default_factory=dict)
    solver: SolverSettings = Field(default_factory=SolverSettings)
    objective: ObjectiveSettings = Field(default_factory=ObjectiveSettings)
    input: InputSettings = Field(default_factory=InputSettings)
    pairwise: Dissimilarity = Field(default_factory=Dissimilarity)
    #: Other names of projects, as students wrote them: alias -> project id or title.
    aliases: dict[str, str] = Field(default_factory=dict)

    def columns_for(self, kind: str) -> dict[str, str]:
        """The header mapping for ``"students"`` or ``"projects"``."""
        out = {k: v for k, v in self.columns.items() if isinstance(v, str)}
        nested = self.columns.get(kind)
        if isinstance(nested, Mapping):
            out.update({k: str(v) for k, v in nested.items()})
        return out


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def config_from_dict(data: Mapping[str, Any], *, source: str = "config") -> Config:
    """Validate a configuration given as nested dicts (as parsed from TOML or JSON).

    ``[weights]`` may use dotted keys (``blau.gender = 2``) or nested tables. Weights not
    mentioned keep their defaults; an unknown section or key is an :class:`InputError` that
    lists the known ones.
    """
    known_sections = list(Config.model_fields)
    unknown = [k for k in data if k not in known_sections]
    if unknown:
        raise InputError(tr("unknown section [{section}]; known sections: {known}",
                            section=unknown[0],
                            known=", ".join(f"[{s}]" for s in known_sections)), file=source)
    data = dict(data)
    for section, value in data.items():  # [[rules]] (an array of tables), rules = 5...
        if not isinstance(value, Mapping):
            raise InputError(tr("[{section}] must be a table of keys, not a {kind}",
                                section=section, kind=type(value).__name__), file=source,
                             hint=tr("write it as [{section}] followed by key = value lines",
                                     section=section))
    for section, model in (("rules", Rules), ("solver", SolverSettings),
                           ("objective", ObjectiveSettings),
                           ("pairwise", Dissimilarity), ("input", InputSettings)):
        extra = [k for k in data.get(section, {}) if k not in model.model_fields]
        if extra:
            raise InputError(tr("unknown key {key!r} in [{section}]; known keys: {known}",
                                key=extra[0], section=section,
                                known=", ".join(model.model_fields)), file=source)
    if "weights" in data:
        weights = dict(DEFAULT_WEIGHTS)
        for k, v in _flatten(data["weights"]).items():
            if isinstance(v, bool) or not isinstance(v, int):
                raise InputError(tr("weight {name!r} must be a whole number, got {value!r}",
                                    name=k, value=v), file=source, column=f"weights.{k}")
            weights[k] = v
        from matcher.registry import known_term_names, make_term

        for k in weights:
            try:
                make_term(k)
            except KeyError as e:
                message = str(e.args[0])  # already lists the known names when useful
                known = ", ".join(known_term_names())
                hint = None if known in message else tr("known terms: {known}", known=known)
                raise InputError(message, file=source, column=f"weights.{k}",
                                 hint=hint) from None
        data["weights"] = weights
    try:
        return Config.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise InputError(f"{where}: {pydantic_message(err)}", file=source,
                         value=err.get("input") if not isinstance(err.get("input"), dict)
                         else None) from None


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read a TOML configuration file; see the module docstring for its sections."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise InputError(tr("config file not found"), file=name) from None
    except IsADirectoryError:
        raise InputError(tr("expected a TOML file, got a directory"), file=name) from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(tr("not valid TOML: {error}", error=e), file=name) from None
    except UnicodeDecodeError:
        raise InputError(tr("not valid TOML: the file is not UTF-8 text"), file=name) from None
    return config_from_dict(data, source=name)
