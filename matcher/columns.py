"""Every column accounted for: the headers of both files that mean a known column, the ones
that look like a known column but were not recognised (an error), the students' names composed
from first and last names, and the columns kept as attributes (said once, listed).

Nothing that changes the teams is dropped without a word: a projects column headed like a team
size (``Effectif min``, ``Nombre max d'étudiants`` when not recognised) or a students column
headed like the preferences, the wishes or the name is an error naming the header and the
closest known column, when that column is missing from the file (a column beside the known one,
``Taille de la salle`` beside ``max_size``, stays an attribute).
"""

from __future__ import annotations

from collections.abc import Iterable

from matcher.errors import InputError, InputNotice
from matcher.i18n import tr
from matcher.io.contacts import FIRST_NAME_COLUMNS, LAST_NAME_COLUMNS
from matcher.io.table import Table

__all__ = [
    "PROJECT_SYNONYMS", "STUDENT_SYNONYMS", "attributes_notice", "compose_names",
    "lookalike_errors",
]

#: More headers of the students' columns (normalised: accents and case folded, ``_``).
STUDENT_SYNONYMS: dict[str, list[str]] = {
    "id": ["n_etudiant", "numero_etudiant", "numero_d_etudiant", "student_number", "matricule",
           "num_etudiant", "ine", "code_etudiant"],
    "name": ["nom_prenom", "nom_et_prenom", "prenom_et_nom", "full name", "display_name",
             "nom_d_affichage"],
    "wishes": ["avec qui voulez-vous travailler", "avec qui souhaitez-vous travailler",
               "avec qui aimeriez-vous travailler", "avec qui voudrais-tu travailler",
               "avec qui veux-tu travailler", "who would you like to work with",
               "who do you want to work with", "preferred teammates", "coequipiers souhaites"],
    "avoid": ["avec qui ne voulez-vous pas travailler", "avec qui ne souhaitez-vous pas travailler",
              "who would you rather not work with", "who do you not want to work with"],
}
#: More headers of the projects' columns.
PROJECT_SYNONYMS: dict[str, list[str]] = {
    "id": ["n", "no", "num", "numero", "n_projet", "numero_du_projet", "code_projet",
           "ref", "reference", "id_projet"],
    "title": ["titre_du_projet", "intitule_du_projet", "nom_du_projet", "project_title",
              "project_name", "libelle"],
    "min_size": ["effectif_min", "effectif_minimum", "taille_minimum", "taille_minimale",
                 "nombre_min_d_etudiants", "nombre_minimum_d_etudiants", "min_etudiants",
                 "nb_min", "nb_min_etudiants", "min_students", "minimum_size", "min_members",
                 "minimum_students", "effectif_mini"],
    "max_size": ["effectif_max", "effectif_maximum", "taille", "taille_maximale",
                 "nombre_max_d_etudiants", "nombre_maximum_d_etudiants", "max_etudiants",
                 "nb_max", "nb_max_etudiants", "nombre_de_places", "places", "max_students",
                 "maximum_size", "max_members", "size", "team_size", "effectif", "effectif_maxi",
                 "nombre_d_etudiants"],
    "proposer": ["porteur_du_projet", "porteurs_du_projet", "porteur_e_mail",
                 "email_du_porteur", "proposed by", "proposant", "proposants"],
}

_LOOKS: dict[str, dict[str, frozenset[str]]] = {
    "projects": {
        "min_size": frozenset({"min", "minimum", "minimal", "minimale", "mini"}),
        "max_size": frozenset({"max", "maximum", "maximal", "maximale", "maxi", "effectif",
                               "effectifs", "taille", "size", "capacite", "capacity", "places",
                               "etudiants", "students"}),
        "title": frozenset({"titre", "title", "intitule"}),
    },
    "students": {
        "preferences": frozenset({"choix", "choice", "choices", "voeu", "voeux", "wish",
                                  "preference", "preferences", "classement", "ranking", "rang",
                                  "rank", "projet", "projets", "project", "projects"}),
        "wishes": frozenset({"binome", "binomes", "avec", "with", "coequipier", "coequipiers",
                             "teammate", "teammates", "souhait", "souhaits"}),
        "name": frozenset({"nom", "name", "prenom", "surname", "firstname", "lastname"}),
    },
}
_SIZE_NEEDS = frozenset({"min", "minimum", "minimal", "minimale", "mini"})


def lookalike_errors(table: Table, kind: str, unknown: Iterable[str],
                     present: Iterable[str]) -> list[InputError]:
    """One error per column of ``unknown`` whose header looks like a known column of ``kind``
    (``"students"`` or ``"projects"``) that ``present`` lacks, naming the header and that
    column."""
    have = set(present)
    out = []
    for column in unknown:
        words = set(column.split("_"))
        for known, cues in _LOOKS[kind].items():
            if known in have or not words & cues:
                continue
            if known == "max_size" and words & _SIZE_NEEDS:
                continue  # a minimum is not a maximum
            header = table.original_headers.get(column, column)
            out.append(InputError(
                tr("the column {header!r} looks like {known!r} but is not read as it: the "
                   "teams would be formed without it", header=header, known=known),
                file=table.path, row=table.header_row, column=header,
                hint=tr("rename the header to {known!r}, or map it in the config: [columns] "
                        "{header!r} = {known!r}", known=known, header=header)))
            have.add(known)
            break
    return out


def compose_names(table: Table) -> Table:
    """``table`` whose ``name`` is composed of the first and last names when the file has
    them (``Nom`` + ``Prénom``, ``last_name`` + ``first_name``, ``Surname`` + ``First
    name``): ``"Inès Fournier"``; a ``name`` cell that already holds the first name is kept."""
    first = next((c for c in FIRST_NAME_COLUMNS if c in table.columns), None)
    last = next((c for c in LAST_NAME_COLUMNS if c in table.columns), None)
    last = last or ("name" if "name" in table.columns else None)
    if first is None or last is None:
        return table
    records = []
    for rec in table.records:
        given, family = rec.get(first, ""), rec.get(last, "")
        if given and given.casefold() in family.casefold().split():
            name = family
        else:
            name = " ".join(part for part in (given, family) if part)
        records.append({**rec, "name": name})
    columns = table.columns if "name" in table.columns else (*table.columns, "name")
    headers = dict(table.original_headers)
    headers.setdefault("name", f"{headers.get(first, first)} + {headers.get(last, last)}")
    return Table(path=table.path, columns=columns, records=tuple(records), rows=table.rows,
                 original_headers=headers, header_row=table.header_row)


def attributes_notice(table: Table, columns: Iterable[str]) -> InputNotice | None:
    """The one warning listing the columns of ``table`` read as attributes, or ``None``."""
    headers = [table.original_headers.get(c, c) for c in columns
               if any(rec.get(c, "") for rec in table.records)]
    if not headers:
        return None
    return InputNotice(
        tr("{count} column(s) kept as attributes (usable by rules, not read otherwise): "
           "{columns}", count=len(headers), columns=", ".join(map(repr, headers))),
        file=table.path, row=table.header_row,
        hint=tr("if one of them means a known column, map it in the config's [columns]"))
