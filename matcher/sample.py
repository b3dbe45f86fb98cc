"""Synthetic cohorts: students, project ideas and ranked preferences.

A cohort looks like the one of a student challenge such as Loca'cité in Toulouse: students
from several disciplines and institutions, project ideas (some proposed by students, some
*optional*, i.e. they run only if a team forms), and each student's ranked list of ideas.

:func:`generate_cohort` returns two :class:`pandas.DataFrame` objects in the canonical CSV
columns (:data:`STUDENT_COLUMNS`, :data:`PROJECT_COLUMNS`); :func:`write_cohort` writes them
atomically as ``students.csv`` and ``projects.csv``.

Families
--------
:data:`FAMILIES` names the settings that widen the cohorts a benchmark sees (more choices,
selfless proposers, big teams, skewed popularity, few optional ideas, all at once), and the
*held-out* shapes the engine was not tuned on (:data:`HELD_OUT_FAMILIES`: mandatory ideas
nobody ranks, one dominant discipline, institutions tied to disciplines, proposers who rank
other ideas first, numeric attributes with decimals, teams of 3 to 5).

Model
-----
All draws come from one :class:`numpy.random.Generator` family seeded by ``seed``; each concern
(disciplines, names, preferences, ...) has its own child stream, so the same seed always gives
the same cohort, and changing, say, ``n_choices`` does not reshuffle the names.

* **Disciplines** follow a Zipf law over a list ordered from common to rare:
  :math:`P(d_k) = k^{-s} / H_{D,s}` with :math:`s = 1` and
  :math:`H_{D,s} = \\sum_{k=1}^{D} k^{-s}`. The first :math:`\\min(n, D)` students take one
  discipline each, so all :math:`D` disciplines occur whenever :math:`n \\ge D`.
* **Institutions**: the same scheme with :math:`s = 0.8`.
* **Popularity** of idea :math:`j`: :math:`w_j = r_j^{-a}` with :math:`a = 0.7` by default
  (``popularity_exponent``; the ``skewed`` family raises it) and
  :math:`r_j` a random permutation of :math:`1..P`. A student whose discipline favours the
  idea's theme (two favourite themes per discipline) weighs it :math:`\\beta = 2` times more.
* **Rankings** are Plackett--Luce draws (sequential sampling without replacement with
  probabilities proportional to the weights), computed all at once by the Gumbel-top-k trick:
  :math:`\\kappa_{ij} = \\log w_j + [\\text{fav}_{ij}] \\log\\beta + G_{ij}`,
  :math:`G_{ij} \\sim \\mathrm{Gumbel}(0, 1)`, and student :math:`i` ranks the ideas by
  decreasing :math:`\\kappa_{ij}`. A proposer's own idea gets :math:`\\kappa = +\\infty`, so
  it comes first; a *selfless* proposer's (a ``selfless_share`` of the proposers) gets
  :math:`-\\infty`, so they never rank it.
* **Length** of a ranking: empty with probability 0.04, uniform on
  :math:`[\\max(1, k-3), k-1]` with probability 0.20, else :math:`k` = ``n_choices``
  (capped at :math:`P`; a proposer ranks at least their own idea).
* **Team sizes** (when ``team_size`` is not given): with target :math:`t = n/P` and half-width
  :math:`h = \\max(1, \\mathrm{round}(t/4))`, every idea has
  :math:`m = \\max(2, \\lfloor t \\rfloor - h)` and
  :math:`M = \\max(\\lceil t \\rceil + h, m + 2)`, plus one on :math:`M` for the most
  popular fifth of the ideas. When :math:`t \\ge 2`,
  :math:`\\sum_{\\text{mand}} m \\le \\sum m \\le P \\lfloor t \\rfloor \\le n \\le
  P \\lceil t \\rceil \\le \\sum M - P`, so opening every idea fits with slack. When
  :math:`t < 2` (fewer than two students per idea), the least popular mandatory ideas are
  made optional until :math:`2 P_{\\text{mand}} \\le n`; since :math:`M \\ge m + 2`, team
  sizes 2, 3, 4 then reach every total. Feasibility is finally verified exactly
  (:func:`reachable_totals`).
* **Cold mandatory ideas** (``cold_share`` :math:`c > 0`): the least popular mandatory ideas,
  taken until their minimum sizes reach :math:`\\lceil c n \\rceil`, are ranked by nobody and
  proposed by nobody, so at least :math:`\\lceil c n \\rceil` students must be placed on an
  idea they did not rank.
* **Dominant discipline** (``dominant_share`` :math:`\\delta`): the first discipline holds
  exactly :math:`\\mathrm{round}(\\delta n)` students, the others share the rest uniformly
  (one each first).
* **Institutions tied to disciplines** (``institution_affinity`` :math:`\\rho`): discipline
  :math:`d_k` has the home institution :math:`I_{k \\bmod I}`; each student studies there
  with probability :math:`\\rho`, else at the Zipf-drawn institution.
* **Wandering proposers** (``wandering_share``): a share of the non-selfless proposers rank
  other ideas first; their own idea is in their ranking at a uniform position
  :math:`2..L` (:math:`L \\ge 2` the ranking's length).
* **Numeric attributes** (``numeric``): ``grade`` :math:`\\sim \\mathcal{N}(12, 3)` clipped to
  :math:`[0, 20]`, two decimals, and ``hours`` (weekly availability) uniform on
  :math:`[2, 10]`, one decimal.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from matcher.i18n import tr

__all__ = [
    "DEFAULT_POPULARITY_EXPONENT",
    "DISCIPLINES",
    "FAMILIES",
    "FAMILY_COHORTS",
    "HELD_OUT_FAMILIES",
    "INSTITUTIONS",
    "PROJECT_COLUMNS",
    "STUDENT_COLUMNS",
    "default_n_disciplines",
    "default_n_institutions",
    "family_options",
    "generate_cohort",
    "reachable_totals",
    "write_cohort",
]

STUDENT_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "discipline",
    "institution",
    "preferences",
    "gender",
    "year",
)
"""Columns of ``students.csv``, in order."""

PROJECT_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "min_size",
    "max_size",
    "proposer",
    "optional",
    "theme",
)
"""Columns of ``projects.csv``, in order."""

DISCIPLINES: tuple[str, ...] = (
    "informatique",
    "design",
    "droit",
    "gestion",
    "sociologie",
    "urbanisme",
    "biologie",
    "économie",
    "communication",
    "architecture",
    "sciences politiques",
    "génie civil",
    "psychologie",
    "géographie",
    "mathématiques",
    "physique",
    "chimie",
    "histoire",
    "philosophie",
    "lettres modernes",
    "langues étrangères appliquées",
    "agronomie",
    "génie mécanique",
    "génie électrique",
    "aéronautique",
    "sciences de l'éducation",
    "arts plastiques",
    "journalisme",
    "écologie",
    "statistique",
    "science des données",
    "anthropologie",
    "STAPS",
    "médecine",
    "pharmacie",
    "musicologie",
    "cinéma et audiovisuel",
    "génie des procédés",
    "sciences de l'environnement",
    "histoire de l'art",
)
"""Real discipline names, from the most to the least frequent (Zipf rank order)."""

INSTITUTIONS: tuple[str, ...] = (
    "Université Toulouse Capitole",
    "INSA Toulouse",
    "TBS Education",
    "Sciences Po Toulouse",
    "ENSAT",
    "Université Toulouse Jean Jaurès",
    "ISAE-SUPAERO",
    "ENSFEA",
    "Université Toulouse III – Paul Sabatier",
    "Toulouse INP-ENSEEIHT",
    "ENSIACET",
    "ENAC",
    "ENSA Toulouse",
    "isdaT",
    "Institut catholique de Toulouse",
    "EI Purpan",
    "Toulouse School of Economics",
    "ENVT",
    "IMT Mines Albi",
    "Université Champollion",
)
"""Toulouse-area institutions, from the most to the least frequent (Zipf rank order)."""

# fmt: off
_FIRST_F: tuple[str, ...] = (
    "Zoé", "Hélène", "Noémie", "Chloé", "Anaïs", "Léa", "Maëlle", "Inès", "Océane", "Élodie",
    "Mélanie", "Agnès", "Clémence", "Joséphine", "Manon", "Margaux", "Émilie", "Solène",
    "Aurélie", "Bérénice", "Cécile", "Gaëlle", "Léonie", "Salomé", "Thaïs", "Zélie", "Louise",
    "Jade", "Amélie", "Sarah", "Yasmine", "Aïcha", "Nour", "Lucie", "Marie-Hélène", "Éloïse",
)
_FIRST_M: tuple[str, ...] = (
    "François", "Gaël", "Loïc", "Jérôme", "Benoît", "Théo", "Léo", "Mathéo", "Raphaël", "Noël",
    "Joël", "Hugo", "Étienne", "Frédéric", "Sébastien", "Clément", "Maël", "Anatole",
    "Aurélien", "Valentin", "Lucas", "Enzo", "Karim", "Mehdi", "Yanis", "Jérémie", "Grégoire",
    "Rémi", "Stéphane", "Thibaut", "Adrien", "Bastien", "Côme", "Cyprien", "Jean-François",
    "Timothée",
)
_FIRST_X: tuple[str, ...] = (
    "Camille", "Dominique", "Sacha", "Alix", "Charlie", "Eden", "Andréa", "Morgan", "Lou", "Noa",
)
_LAST: tuple[str, ...] = (
    "Lefèvre", "Dupont", "Martin", "Bernard", "Durand", "Moreau", "Girard", "Mercier", "Bonnet",
    "François", "Fournier", "Rousseau", "Blanc", "Guérin", "Lambert", "Faure", "Gauthier",
    "Chevalier", "Bérard", "Lemaître", "Pélissier", "Benoît", "Garnier", "Sénéchal", "Théron",
    "Hébert", "Mallet", "Carré", "Roussel", "Després", "Delacroix", "Boyer", "Fabre", "Aubert",
    "Benhamou", "Nguyen", "Da Silva", "Ferrand", "Séguin", "Léger", "Brunet", "Évrard",
    "Lacôte", "Béranger", "Gaillard", "Barthès", "Cazaux", "Dauzat", "Estève", "Labadie",
    "Pujol", "Sarrail", "Tournié", "Vergé", "Baylac", "Castéra", "Daguzan", "Mézière",
    "Noguès", "Saint-Martin",
)
# fmt: on
_THEME_IDEAS: dict[str, tuple[str, ...]] = {
    "mobilité": (
        "Vélo-école pour les étudiants",
        "Covoiturage entre campus",
        "Cartographie des pistes cyclables",
        "Navette partagée vers le marché",
    ),
    "alimentation": (
        "Épicerie solidaire étudiante",
        "Réduire le gaspillage, du marché au resto U",
        "Potager sur le toit",
        "Cantine zéro déchet",
    ),
    "habitat": (
        "Colocation intergénérationnelle",
        "Rénovation énergétique participative",
        "Habitat léger pour étudiants",
    ),
    "santé": (
        "Sommeil et bien-être des étudiants",
        "Prévention en soirée, avec les associations",
        "Sport sur ordonnance",
    ),
    "culture": (
        "Festival de quartier",
        "Podcast sur l'histoire du quartier",
        "Bibliothèque de rue",
        "Fresque participative",
    ),
    "numérique": (
        "Application d'entraide entre voisins",
        "Fablab mobile",
        "Atelier de réparation d'ordinateurs",
        "Carte interactive des initiatives locales",
    ),
    "environnement": (
        "Îlots de fraîcheur",
        "Compostage collectif",
        "Inventaire de la biodiversité, berges de la Garonne",
        "Ressourcerie",
    ),
    "solidarité": (
        "Tutorat pour lycéens",
        "Accueil des étudiants étrangers",
        "Banque d'objets",
    ),
    "énergie": (
        "Coopérative solaire citoyenne",
        "Défi énergie dans les résidences",
        "Sobriété lumineuse",
    ),
    "éducation": (
        "Ateliers de sciences pour enfants",
        "Éloquence au collège",
        "Jeux sérieux sur la citoyenneté",
    ),
}
# fmt: off
_PLACES: tuple[str, ...] = (
    "Capitole", "Saint-Cyprien", "les Carmes", "Rangueil", "Mirail", "Borderouge",
    "Compans-Caffarelli", "Saint-Michel", "Empalot", "les Minimes", "Purpan", "Montaudran",
    "Bagatelle", "la Reynerie", "Croix-Daurade", "Lardenne", "Saint-Agne", "Arènes",
)
# fmt: on

_DISCIPLINE_ZIPF = 1.0
_INSTITUTION_ZIPF = 0.8
DEFAULT_POPULARITY_EXPONENT = 0.7
"""The popularity exponent :math:`a` of the default cohort (see the module docstring)."""
_AFFINITY_BOOST = 2.0
_FAVOURITE_THEMES = 2
_P_EMPTY = 0.04
_P_SHORT = 0.20
_P_TWO_PROPOSERS = 0.15
_P_COMPOUND_LAST = 0.08
_GENDER_P = (0.52, 0.46, 0.02)  # F, M, X
_YEAR_P = (0.12, 0.20, 0.28, 0.24, 0.16)  # years 1..5
_POPULAR_SHARE = 0.2
_CHUNK = 2_000_000  # cells of the Gumbel matrix drawn at once


SKEWED_POPULARITY_EXPONENT = 1.8
"""The popularity exponent of the ``skewed`` family: calibrated so that, once solved, about a
fifth of the students end on an idea they did not rank (``benchmarks/results/families.md``)."""

FAMILIES: dict[str, dict[str, object]] = {
    "default": {},
    "many-choices": {"n_choices": 7},
    "selfless-proposers": {"selfless_share": 0.5},
    "big-teams": {"team_size": (9, 11)},
    "skewed": {"popularity_exponent": SKEWED_POPULARITY_EXPONENT},
    "optional": {"optional_share": 0.1},
    "mixed": {"n_choices": 7, "selfless_share": 0.5, "team_size": (9, 11),
              "popularity_exponent": SKEWED_POPULARITY_EXPONENT, "optional_share": 0.1},
}
"""Named cohort families: the keyword arguments of :func:`generate_cohort` each one sets.

* ``default``: the generator as documented in the module docstring (5 choices, a third of
  the ideas optional, sizes from :math:`n/P`);
* ``many-choices``: 7 ranked choices;
* ``selfless-proposers``: half of the proposers do not rank their own idea;
* ``big-teams``: every team of 9 to 11 students;
* ``skewed``: popularity so skewed that about a fifth of the students end on an idea they
  did not rank (:data:`SKEWED_POPULARITY_EXPONENT`);
* ``optional``: a tenth of the ideas optional (they may stay closed), the rest mandatory;
* ``mixed``: all of the above at once.

Held-out families (:data:`HELD_OUT_FAMILIES`), shaped unlike the cohorts the engine was tuned
on:

* ``cold-mandatory``: mandatory ideas nobody ranks, whose minimum sizes need a tenth of the
  students (they must go unranked);
* ``dominant-discipline``: one discipline holds a fifth of the cohort, the others are even;
* ``institution-affinity``: four students in five study at their discipline's home
  institution;
* ``wandering-proposers``: half of the proposers rank other ideas before their own;
* ``decimals``: ``grade`` (0--20, two decimals) and ``hours`` (one decimal) columns;
* ``small-teams``: teams of 3 to 5 (defined at 200 students for 60 ideas,
  :data:`FAMILY_COHORTS`);
* ``held-out``: all of them at once (at 200 x 60).
"""

HELD_OUT_FAMILIES: tuple[str, ...] = (
    "cold-mandatory", "dominant-discipline", "institution-affinity", "wandering-proposers",
    "decimals", "small-teams", "held-out")
"""The families shaped unlike the cohorts the engine was tuned on (issue 18)."""

FAMILIES.update({
    "cold-mandatory": {"cold_share": 0.1},
    "dominant-discipline": {"dominant_share": 0.2},
    "institution-affinity": {"institution_affinity": 0.8},
    "wandering-proposers": {"wandering_share": 0.5},
    "decimals": {"numeric": True},
    "small-teams": {"team_size": (3, 5)},
})
FAMILIES["held-out"] = {key: value for name in HELD_OUT_FAMILIES[:-1]
                        for key, value in FAMILIES[name].items()}

FAMILY_COHORTS: dict[str, tuple[int, int]] = {"small-teams": (200, 60), "held-out": (200, 60)}
"""``(students, ideas)`` of the families defined at one size (teams of 3 to 5 cannot hold 300
students in 36 ideas); the others are measured at any size (300 x 36 by the benchmarks)."""


def family_options(name: str) -> dict[str, object]:
    """The keyword arguments of :func:`generate_cohort` that the family ``name`` sets.

    Raises
    ------
    ValueError
        If ``name`` is not a key of :data:`FAMILIES`.
    """
    if name not in FAMILIES:
        raise ValueError(tr("unknown cohort family {name!r}; known: {known}", name=name,
                            known=", ".join(FAMILIES)))
    return dict(FAMILIES[name])


def default_n_disciplines(n_students: int) -> int:
    """Number of disciplines for a cohort of ``n_students``.

    Model: logarithmic interpolation through 13 disciplines at 40 students and 30 at 1,000,
    :math:`D = \\mathrm{round}(13 + 17 \\log(n/40) / \\log 25)`, clipped to :math:`[1, n]`.
    """
    value = round(13 + 17 * math.log(max(n_students, 1) / 40) / math.log(25))
    return int(min(max(value, 1), max(n_students, 1)))


def default_n_institutions(n_students: int) -> int:
    """Number of institutions for a cohort of ``n_students``.

    Model: :math:`I = \\mathrm{round}(8 + 7 \\log(n/40) / \\log 25)` (8 at 40 students, 15 at
    1,000), clipped to :math:`[1, n]`.
    """
    value = round(8 + 7 * math.log(max(n_students, 1) / 40) / math.log(25))
    return int(min(max(value, 1), max(n_students, 1)))


def reachable_totals(
    min_sizes: Sequence[int], max_sizes: Sequence[int], optional: Sequence[bool]
) -> list[tuple[int, int]]:
    """Numbers of students that the ideas can hold together, as disjoint closed intervals.

    A mandatory idea takes between ``min`` and ``max`` students; an optional one takes 0 or
    between ``min`` and ``max``.

    Model: the set is the Minkowski sum
    :math:`\\sum_{j \\in M} [m_j, M_j] + \\sum_{j \\in O} (\\{0\\} \\cup [m_j, M_j])`,
    kept as a sorted union of merged intervals. A cohort of :math:`n` students is feasible
    (ignoring preferences) exactly when :math:`n` lies in one of them.

    Parameters
    ----------
    min_sizes, max_sizes:
        Team size bounds per idea.
    optional:
        Whether each idea may stay closed.

    Returns
    -------
    list of tuple of int
        Disjoint intervals ``(low, high)``, sorted.
    """
    low = sum(m for m, o in zip(min_sizes, optional, strict=True) if not o)
    high = sum(m for m, o in zip(max_sizes, optional, strict=True) if not o)
    intervals = [(low, high)]
    for m, big, o in zip(min_sizes, max_sizes, optional, strict=True):
        if not o:
            continue
        shifted = [(a + m, b + big) for a, b in intervals]
        intervals = _merge(intervals + shifted)
    return intervals


def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _zipf_labels(
    rng: np.random.Generator, n: int, labels: Sequence[str], exponent: float
) -> np.ndarray:
    """Draw ``n`` labels: one of each first (while ``n`` allows), then Zipf, shuffled."""
    k = len(labels)
    weights = np.arange(1, k + 1, dtype=float) ** -exponent
    seeded = np.arange(min(n, k))
    rest = rng.choice(k, size=n - seeded.size, p=weights / weights.sum())
    codes = rng.permutation(np.concatenate([seeded, rest]))
    return np.asarray(labels, dtype=object)[codes]


def _dominant_labels(
    rng: np.random.Generator, n: int, labels: Sequence[str], share: float
) -> np.ndarray:
    """``round(share * n)`` students on the first label, the rest even over the others (one
    each first, while ``n`` allows), shuffled."""
    first = round(share * n) if len(labels) > 1 else n
    rest = n - first
    others = np.arange(1, len(labels))
    seeded = others[: min(rest, others.size)]
    drawn = rng.choice(others, size=rest - seeded.size) if others.size else seeded
    codes = rng.permutation(np.concatenate([np.zeros(first, dtype=np.int64), seeded, drawn]))
    return np.asarray(labels, dtype=object)[codes]


def _cold_ideas(
    n: int, mins: np.ndarray, optional: np.ndarray, popularity_rank: np.ndarray, share: float
) -> np.ndarray:
    """The mandatory ideas nobody ranks: the least popular first, until their minimum sizes
    need ``ceil(share * n)`` students."""
    cold = np.zeros(mins.size, dtype=bool)
    need = math.ceil(share * n - 1e-9)
    if need <= 0:
        return cold
    mandatory = np.flatnonzero(~optional)
    held = 0
    for j in mandatory[np.argsort(-popularity_rank[mandatory], kind="stable")]:
        if held >= need:
            break
        cold[j] = True
        held += int(mins[j])
    if held < need:
        raise ValueError(tr(
            "cold_share {share}: the mandatory ideas hold {held} students at their minimum "
            "size, fewer than the {need} asked for", share=share, held=held, need=need))
    return cold


def _names(extended: Sequence[str], generic: str, count: int) -> list[str]:
    """The first ``count`` names of ``extended``, completed by ``generic.format(k)``."""
    return [extended[k] if k < len(extended) else generic.format(k + 1) for k in range(count)]


def _full_names(rng: np.random.Generator, genders: np.ndarray) -> list[str]:
    n = genders.size
    pools = {"F": _FIRST_F, "M": _FIRST_M, "X": _FIRST_X}
    firsts = np.empty(n, dtype=object)
    for g, pool in pools.items():
        mask = genders == g
        firsts[mask] = np.asarray(pool, dtype=object)[rng.integers(len(pool), size=mask.sum())]
    last1 = rng.integers(len(_LAST), size=n)
    last2 = rng.integers(len(_LAST), size=n)
    compound = (rng.random(n) < _P_COMPOUND_LAST) & (last1 != last2)
    return [
        f"{f} {_LAST[a]}-{_LAST[b]}" if c else f"{f} {_LAST[a]}"
        for f, a, b, c in zip(firsts, last1, last2, compound, strict=True)
    ]


def _validate(
    n_students: int,
    n_projects: int,
    n_choices: int,
    optional_share: float,
    proposer_share: float,
    team_size: tuple[int, int] | None,
    selfless_share: float = 0.0,
    popularity_exponent: float = DEFAULT_POPULARITY_EXPONENT,
    held_out: dict[str, float | None] | None = None,
) -> None:
    for name, share in (held_out or {}).items():
        if share is not None and not 0.0 <= share <= 1.0:
            raise ValueError(f"{name} must lie in [0, 1], got {share}")
    if n_students < 1:
        raise ValueError(f"n_students must be at least 1, got {n_students}")
    if n_projects < 1:
        raise ValueError(f"n_projects must be at least 1, got {n_projects}")
    if n_choices < 0:
        raise ValueError(f"n_choices must be non-negative, got {n_choices}")
    if not (math.isfinite(popularity_exponent) and popularity_exponent >= 0):
        raise ValueError(f"popularity_exponent must be a non-negative number, got "
                         f"{popularity_exponent}")
    for name, share in (("optional_share", optional_share), ("proposer_share", proposer_share),
                        ("selfless_share", selfless_share)):
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"{name} must lie in [0, 1], got {share}")
    if team_size is not None:
        lo, hi = team_size
        if not 1 <= lo <= hi:
            raise ValueError(f"team_size must satisfy 1 <= min <= max, got {team_size}")


def _sizes(
    n_students: int,
    n_projects: int,
    optional: np.ndarray,
    popularity_rank: np.ndarray,
    team_size: tuple[int, int] | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Team size bounds and the (possibly enlarged) optional mask; see the module docstring."""
    optional = optional.copy()
    if team_size is not None:
        lo, hi = team_size
        mins = np.full(n_projects, lo, dtype=np.int64)
        maxs = np.full(n_projects, hi, dtype=np.int64)
    else:
        target = n_students / n_projects
        half = max(1, round(target / 4))
        lo = max(2, math.floor(target) - half)
        hi = max(math.ceil(target) + half, lo + 2)  # sizes lo..lo+2 cover every total >= lo
        mins = np.full(n_projects, lo, dtype=np.int64)
        popular = popularity_rank <= round(_POPULAR_SHARE * n_projects)
        maxs = np.full(n_projects, hi, dtype=np.int64) + popular.astype(np.int64)
    if team_size is None or optional.any():
        # The floor of 2 (or big explicit teams) may make the mandatory minimums exceed the
        # cohort: make the least popular mandatory ideas optional until they fit. With
        # explicit sizes and no optional idea asked for, none is made optional.
        excess = int((~optional).sum()) - n_students // lo
        if excess > 0:
            candidates = np.flatnonzero(~optional)
            least_popular = candidates[np.argsort(-popularity_rank[candidates], kind="stable")]
            optional[least_popular[:excess]] = True
    totals = reachable_totals(mins.tolist(), maxs.tolist(), optional.tolist())
    if not any(a <= n_students <= b for a, b in totals):
        raise ValueError(tr(
            "no team sizes fit: {students} students cannot fill {projects} ideas of "
            "{low} to {high} students ({optional} optional); reachable totals {totals}",
            students=n_students, projects=n_projects, low=int(mins.min()),
            high=int(maxs.max()), optional=int(optional.sum()), totals=totals[:5]))
    return mins, maxs, optional


def _rankings(
    rng: np.random.Generator,
    log_weight: np.ndarray,
    favourite: np.ndarray,
    discipline_codes: np.ndarray,
    own: np.ndarray,
    lengths: np.ndarray,
    selfless: np.ndarray,
) -> list[np.ndarray]:
    """Plackett--Luce rankings by the Gumbel-top-k trick, drawn in row chunks. A proposer's
    own idea comes first, or never for a ``selfless`` one."""
    n, n_projects = discipline_codes.size, log_weight.size
    k_max = int(lengths.max(initial=0))
    out: list[np.ndarray] = []
    if k_max == 0:
        return [np.empty(0, dtype=np.int64) for _ in range(n)]
    boost = np.float32(math.log(_AFFINITY_BOOST))
    base = log_weight.astype(np.float32)[None, :] + boost * favourite.astype(np.float32)
    rows = max(1, _CHUNK // n_projects)
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        u = rng.random((stop - start, n_projects), dtype=np.float32)
        np.clip(u, np.float32(1e-30), np.float32(1.0 - 1e-7), out=u)
        keys = base[discipline_codes[start:stop]] - np.log(-np.log(u))
        has_own = own[start:stop] >= 0
        first = has_own & ~selfless[start:stop]
        never = has_own & selfless[start:stop]
        keys[np.flatnonzero(first), own[start:stop][first]] = np.inf
        keys[np.flatnonzero(never), own[start:stop][never]] = -np.inf
        if k_max < n_projects:
            top = np.argpartition(-keys, k_max - 1, axis=1)[:, :k_max]
        else:
            top = np.broadcast_to(np.arange(n_projects), keys.shape)
        order = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1, kind="stable")
        ranked = np.take_along_axis(top, order, axis=1)
        out.extend(ranked[i, : lengths[start + i]] for i in range(stop - start))
    return out


def generate_cohort(
    n_students: int,
    n_projects: int,
    *,
    seed: int = 0,
    n_disciplines: int | None = None,
    n_institutions: int | None = None,
    n_choices: int = 5,
    optional_share: float = 1 / 3,
    proposer_share: float = 0.5,
    team_size: tuple[int, int] | None = None,
    selfless_share: float = 0.0,
    popularity_exponent: float = DEFAULT_POPULARITY_EXPONENT,
    cold_share: float = 0.0,
    dominant_share: float | None = None,
    institution_affinity: float = 0.0,
    wandering_share: float = 0.0,
    numeric: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate a realistic synthetic cohort of students and project ideas.

    The distributions are stated in the module docstring (:mod:`matcher.sample`).

    Parameters
    ----------
    n_students, n_projects:
        Cohort size :math:`n` and number of ideas :math:`P` (both at least 1).
    seed:
        Seed of the :class:`numpy.random.Generator` family; same seed, same cohort.
    n_disciplines, n_institutions:
        How many distinct values to use; ``None`` scales with the cohort
        (:func:`default_n_disciplines`, :func:`default_n_institutions`). All occur when
        ``n_students`` is at least as large. Beyond the built-in lists, names are generic
        (``discipline 41``, ``Établissement 21``).
    n_choices:
        Length :math:`k` of a full ranking (capped at :math:`P`); some students rank fewer
        ideas and a few none.
    optional_share:
        Share of ideas marked optional, rounded to the nearest count. More ideas are made
        optional when the mandatory minimum sizes would not fit in the cohort (with an
        explicit ``team_size``, only when this share leaves at least one idea optional).
    proposer_share:
        Share of ideas proposed by students (rounded; one proposer, occasionally two). A
        proposer ranks their own idea first and proposes nothing else.
    team_size:
        ``(min, max)`` for every idea; ``None`` derives bounds from :math:`n / P` with slack.
    selfless_share:
        Share of the proposers (rounded) who do not rank their own idea at all; they still
        propose it (the proposers rule puts them on it when it opens).
    popularity_exponent:
        The exponent :math:`a` of the ideas' popularity :math:`w_j = r_j^{-a}`: 0 makes every
        idea equally popular, larger values concentrate the wishes on a few ideas
        (:data:`SKEWED_POPULARITY_EXPONENT` for the ``skewed`` family).
    cold_share:
        Share of the students that mandatory ideas ranked and proposed by nobody must take
        (their minimum sizes add up to at least ``ceil(cold_share * n)``); 0: none.
    dominant_share:
        Share of the cohort in the first discipline (the others even); ``None``: Zipf.
    institution_affinity:
        Probability that a student studies at their discipline's home institution.
    wandering_share:
        Share of the proposers who still rank their own idea (not selfless) that rank other
        ideas before it (needs rankings of at least 2 ideas).
    numeric:
        Add the columns ``grade`` (0 to 20, two decimals) and ``hours`` (2 to 10, one
        decimal).

    Returns
    -------
    students : pandas.DataFrame
        Columns :data:`STUDENT_COLUMNS`; ``preferences`` is ``;``-separated project ids
        (rank 1 first, possibly empty); ``gender`` in ``F``, ``M``, ``X``; ``year`` in 1..5.
    projects : pandas.DataFrame
        Columns :data:`PROJECT_COLUMNS`; ``proposer`` is ``;``-separated student ids
        (possibly empty); ``optional`` is ``yes`` or ``no``.

    Raises
    ------
    ValueError
        If an argument is out of range or no team sizes can hold exactly ``n_students``
        (only possible with an explicit ``team_size``, or fewer than 2 students).

    Examples
    --------
    >>> students, projects = generate_cohort(40, 10, seed=1)
    >>> len(students), len(projects), int((projects["optional"] == "yes").sum())
    (40, 10, 3)
    """
    _validate(n_students, n_projects, n_choices, optional_share, proposer_share, team_size,
              selfless_share, popularity_exponent,
              {"cold_share": cold_share, "dominant_share": dominant_share,
               "institution_affinity": institution_affinity,
               "wandering_share": wandering_share})
    # A ninth stream for the selfless proposers, more for the held-out shapes: the first
    # eight are unchanged by them (SeedSequence children are numbered).
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(13)]
    r_disc, r_inst, r_person, r_proj, r_prop, r_len, r_rank, r_aff, r_self = streams[:9]
    r_home, r_wander, r_numeric, r_dominant = streams[9:]

    n, n_p = n_students, n_projects
    d = default_n_disciplines(n) if n_disciplines is None else n_disciplines
    i = default_n_institutions(n) if n_institutions is None else n_institutions
    if d < 1 or i < 1:
        raise ValueError("n_disciplines and n_institutions must be at least 1")
    disc_names = _names(DISCIPLINES, "discipline {}", d)
    inst_names = _names(INSTITUTIONS, "Établissement {}", i)
    if dominant_share is None:
        disciplines = _zipf_labels(r_disc, n, disc_names, _DISCIPLINE_ZIPF)
    else:
        disciplines = _dominant_labels(r_dominant, n, disc_names, dominant_share)
    institutions = _zipf_labels(r_inst, n, inst_names, _INSTITUTION_ZIPF)
    disc_code = {name: k for k, name in enumerate(disc_names)}
    discipline_codes = np.fromiter((disc_code[x] for x in disciplines), np.int64, count=n)
    if institution_affinity > 0:
        at_home = r_home.random(n) < institution_affinity
        home = np.asarray(inst_names, dtype=object)[discipline_codes % i]
        institutions = np.where(at_home, home, institutions)

    genders = np.asarray(["F", "M", "X"], dtype=object)[
        r_person.choice(3, size=n, p=np.asarray(_GENDER_P))
    ]
    years = r_person.choice(np.arange(1, 6), size=n, p=np.asarray(_YEAR_P))
    names = _full_names(r_person, genders)

    # Ideas: theme and title, popularity, optional flag.
    ideas = [(theme, idea) for theme, pool in _THEME_IDEAS.items() for idea in pool]
    idea_order = r_proj.permutation(len(ideas))
    places = r_proj.integers(len(_PLACES), size=n_p)
    chosen = [ideas[idea_order[j % len(ideas)]] for j in range(n_p)]
    themes = [theme for theme, _ in chosen]
    titles = [
        f"{idea} ({place})" if "," in idea else f"{idea}, {place}"
        for (_, idea), place in zip(chosen, (_PLACES[x] for x in places), strict=True)
    ]
    popularity_rank = r_proj.permutation(n_p) + 1
    log_weight = -popularity_exponent * np.log(popularity_rank.astype(float))
    optional = np.zeros(n_p, dtype=bool)
    optional[r_proj.choice(n_p, size=round(optional_share * n_p), replace=False)] = True
    mins, maxs, optional = _sizes(n, n_p, optional, popularity_rank, team_size)
    cold = _cold_ideas(n, mins, optional, popularity_rank, cold_share)

    # Proposers: distinct students, one per proposed idea, a second one now and then.
    n_proposed = round(proposer_share * n_p)
    if cold.any():  # nobody proposes a cold idea (a proposer would rank it)
        warm = np.flatnonzero(~cold)
        n_proposed = min(n_proposed, warm.size)
        proposed = np.sort(r_prop.choice(warm, size=n_proposed, replace=False))
    else:
        proposed = np.sort(r_prop.choice(n_p, size=n_proposed, replace=False))
    counts = np.ones(n_proposed, dtype=np.int64)
    counts[(r_prop.random(n_proposed) < _P_TWO_PROPOSERS) & (maxs[proposed] >= 2)] = 2
    while counts.sum() > n:  # tiny cohorts: fewer proposers than ideas wanting them
        idx = np.flatnonzero(counts)[-1]
        counts[idx] -= 1
    pool = r_prop.permutation(n)
    own = np.full(n, -1, dtype=np.int64)
    proposer_ids: list[list[int]] = [[] for _ in range(n_p)]
    cursor = 0
    for j, c in zip(proposed, counts, strict=True):
        for s in pool[cursor : cursor + c]:
            own[s] = j
            proposer_ids[j].append(int(s))
        cursor += int(c)

    # Ranking lengths, then the rankings themselves.
    k = min(n_choices, n_p)
    u = r_len.random(n)
    lengths = np.full(n, k, dtype=np.int64)
    if k >= 2:
        short = (u >= _P_EMPTY) & (u < _P_EMPTY + _P_SHORT)
        lengths[short] = r_len.integers(max(1, k - 3), k, size=int(short.sum()))
    lengths[u < _P_EMPTY] = 0
    proposer_rows = np.flatnonzero(own >= 0)
    selfless = np.zeros(n, dtype=bool)
    selfless[r_self.permutation(proposer_rows)[: round(selfless_share * proposer_rows.size)]] \
        = True
    keen = (own >= 0) & ~selfless
    wandering = np.zeros(n, dtype=bool)
    if wandering_share > 0 and k >= 2:
        keen_rows = np.flatnonzero(keen)
        wandering[r_wander.permutation(keen_rows)[: round(wandering_share * keen_rows.size)]] \
            = True
    lengths[keen] = np.maximum(lengths[keen], 1)
    # A wandering proposer's other ideas are drawn as a selfless one's, then their own idea
    # is put back after the first.
    lengths[wandering] = np.clip(lengths[wandering], 2, k) - 1
    lengths[selfless | wandering] = np.minimum(lengths[selfless | wandering], n_p - 1)

    theme_names = list(_THEME_IDEAS)
    theme_code = np.asarray([theme_names.index(t) for t in themes])
    favourites = np.zeros((d, len(theme_names)), dtype=bool)
    for row in favourites:
        row[r_aff.choice(len(theme_names), size=_FAVOURITE_THEMES, replace=False)] = True
    favourite = favourites[:, theme_code]  # discipline x project
    if cold.any():  # drawn last, dropped below: the others keep their Plackett--Luce law
        log_weight = np.where(cold, -np.inf, log_weight)
    ranked = _rankings(r_rank, log_weight, favourite, discipline_codes, own, lengths,
                       selfless | wandering)
    if cold.any():
        ranked = [r[~cold[r]] for r in ranked]
    for s in np.flatnonzero(wandering):
        position = int(r_wander.integers(1, ranked[s].size + 1)) if ranked[s].size else 0
        ranked[s] = np.insert(ranked[s], position, own[s])

    s_width = max(3, len(str(n)))
    p_width = max(2, len(str(n_p)))
    student_ids = [f"S{s + 1:0{s_width}d}" for s in range(n)]
    project_ids = [f"P{j + 1:0{p_width}d}" for j in range(n_p)]
    students = pd.DataFrame(
        {
            "id": student_ids,
            "name": names,
            "discipline": disciplines,
            "institution": institutions,
            "preferences": [";".join(project_ids[j] for j in r) for r in ranked],
            "gender": genders,
            "year": years.astype(np.int64),
        },
        columns=list(STUDENT_COLUMNS),
    )
    if numeric:
        grades = np.clip(r_numeric.normal(12.0, 3.0, size=n), 0.0, 20.0)
        students["grade"] = np.round(grades, 2)
        students["hours"] = np.round(r_numeric.uniform(2.0, 10.0, size=n), 1)
    projects = pd.DataFrame(
        {
            "id": project_ids,
            "title": titles,
            "min_size": mins,
            "max_size": maxs,
            "proposer": [";".join(student_ids[s] for s in ids) for ids in proposer_ids],
            "optional": np.where(optional, "yes", "no").astype(object),
            "theme": themes,
        },
        columns=list(PROJECT_COLUMNS),
    )
    return students, projects


def _atomic_csv(frame: pd.DataFrame, path: Path, excel_fr: bool = False) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        encoding = "utf-8-sig" if excel_fr else "utf-8"
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            if excel_fr:
                frame.to_csv(handle, index=False, lineterminator="\r\n", sep=";", decimal=",")
            else:
                frame.to_csv(handle, index=False, lineterminator="\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _ordered(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> pd.DataFrame:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lack the column(s) {', '.join(missing)}")
    return frame[list(columns) + [c for c in frame.columns if c not in columns]]


def write_cohort(
    students: pd.DataFrame, projects: pd.DataFrame, directory: str | os.PathLike[str],
    *, excel_fr: bool = False,
) -> tuple[Path, Path]:
    """Write a cohort as ``students.csv`` and ``projects.csv`` in ``directory``.

    Each file is written to a temporary file in the same directory and moved into place
    with :func:`os.replace`, so a reader never sees a half-written file. The canonical
    columns come first, in order; extra columns follow. UTF-8 without BOM, ``,`` delimiter,
    minimal quoting (titles may contain commas).

    Parameters
    ----------
    students, projects:
        Tables with at least :data:`STUDENT_COLUMNS` and :data:`PROJECT_COLUMNS`.
    directory:
        Target directory, created if missing.
    excel_fr:
        Write the variant a French Excel saves: UTF-8 with BOM, ``;`` delimiter (cells that
        hold a ``;``, as rankings do, are quoted), decimal comma, ``\\r\\n`` line ends.

    Returns
    -------
    tuple of pathlib.Path
        Paths of ``students.csv`` and ``projects.csv``.
    """
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    students_path = target / "students.csv"
    projects_path = target / "projects.csv"
    _atomic_csv(_ordered(students, STUDENT_COLUMNS, "students"), students_path, excel_fr)
    _atomic_csv(_ordered(projects, PROJECT_COLUMNS, "projects"), projects_path, excel_fr)
    return students_path, projects_path
