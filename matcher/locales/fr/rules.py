"""French texts of the rules: broken rules, rule descriptions, reasons why no formation
exists, diagnoses and relaxations, moves of a re-matching."""

MESSAGES: dict[str, str] = {
    # broken rules (matcher/constraints/*.py)
    "student {student} is on unknown project {project!r}":
        "l'étudiant {student} est dans un projet inconnu, {project!r}",
    "student {student} has no team": "l'étudiant {student} n'a pas d'équipe",
    "no team": "aucune équipe",
    "student {student} must be on {project} but is on {other}":
        "l'étudiant {student} doit être dans {project} mais est dans : {other}",
    "{count} fixed placements": "{count} placements imposés",
    "{students} must be apart but are together on {project}":
        "{students} doivent être séparés mais sont ensemble dans {project}",
    "keep apart {students}": "séparer {students}",
    "{student} on {project}": "{student} dans {project}",
    "{students} must be together: {detail}": "{students} doivent être ensemble : {detail}",
    "keep together {students}": "garder ensemble {students}",
    "project {project} has {count} members with {attribute} {value!r}, more than {k}":
        "le projet {project} compte {count} membres avec {attribute} {value!r}, au-delà du "
        "maximum de {k}",
    "at most {k} members per {attribute} in a team":
        "au plus {k} membres par valeur de {attribute} dans une équipe",
    "project {project} has {count} distinct {attribute} values, fewer than {k}":
        "le projet {project} n'a que {count} valeurs distinctes de {attribute}, en deçà du "
        "minimum de {k}",
    "at least {k} distinct {attribute} values per team":
        "au moins {k} valeurs distinctes de {attribute} par équipe",
    "{term} is {value}, below {k}": "{term} vaut {value}, sous le minimum {k}",
    "{term} at least {k}": "{term} au moins {k}",
    "student {student} is the only member with {attribute} {value!r} on project {project}":
        "l'étudiant {student} est le seul membre avec {attribute} {value!r} dans le projet "
        "{project}",
    "any value": "toute valeur",
    "no isolated {attribute} ({values})": "pas de {attribute} isolé ({values})",
    "proposer {student} of open project {project} is on {other} instead":
        "le porteur {student} du projet ouvert {project} est dans {other} à la place",
    "proposer {student} of open project {project} is not on it":
        "le porteur {student} du projet ouvert {project} n'en fait pas partie",
    "student {student} is on {project}, which they refused":
        "l'étudiant {student} est dans {project}, qu'il a refusé",
    "project {project} must open but has no members":
        "le projet {project} doit ouvrir mais n'a aucun membre",
    "project {project} has {count} members, outside {min_size}..{max_size}":
        "le projet {project} a {count} membres, hors de {min_size}..{max_size}",
    "student {student} is on {project}, not among their top {k} choices":
        "l'étudiant {student} est dans {project}, hors de ses {k} premiers choix",
    "only top {k} choices": "seulement les {k} premiers choix",
    # reasons found before solving (matcher/feasibility.py)
    "the {ideas} ideas hold at most {capacity} students (sum of max_size), fewer than the "
    "{students} in the cohort":
        "les {ideas} idées accueillent au plus {capacity} étudiants (somme des max_size), "
        "moins que les {students} de la cohorte",
    "the {ideas} ideas that must open ({names}) need at least {need} members (sum of "
    "min_size), more than the {students} students in the cohort":
        "les {ideas} idées qui doivent ouvrir ({names}) demandent au moins {need} membres "
        "(somme des min_size), plus que les {students} étudiants de la cohorte",
    "{a} with {b}": "{a} avec {b}",
    "contradictory pair rules: {links} keeps {a} and {b} together, but {a} and {b} must be "
    "apart":
        "règles de paires contradictoires : {links} garde {a} et {b} ensemble, mais {a} et {b} "
        "doivent être séparés",
    "keep-together rules join {count} students ({ids}), more than the largest team "
    "({biggest})":
        "les règles « garder ensemble » réunissent {count} étudiants ({ids}), plus que la "
        "plus grande équipe ({biggest})",
    "student {student} is fixed on {project}, which they refused":
        "l'étudiant {student} est imposé dans {project}, qu'il a refusé",
    "student {student} is fixed on {project}, outside their top {k}":
        "l'étudiant {student} est imposé dans {project}, hors de ses {k} premiers choix",
    "{count} students are fixed on {project}, which holds at most {max_size}":
        "{count} étudiants sont imposés dans {project}, qui en accueille au plus {max_size}",
    "idea {project} must open with its {count} proposers, but holds at most {max_size}":
        "l'idée {project} doit ouvrir avec ses {count} porteurs, mais accueille au plus "
        "{max_size} membres",
    "{student} proposes {project}, which must open, but is fixed on {other}":
        "{student} porte {project}, qui doit ouvrir, mais est imposé dans {other}",
    "student {student} may join no project (refusals and top-{k} rule)":
        "l'étudiant {student} ne peut rejoindre aucun projet (refus et règle des {k} premiers "
        "choix)",
    # diagnosis (matcher/diagnose.py)
    "A formation satisfies every rule: nothing to diagnose.":
        "Une répartition respecte toutes les règles : rien à diagnostiquer.",
    "No formation satisfies the rules:": "Aucune répartition ne respecte les règles :",
    "No formation was found within the time limit:":
        "Aucune répartition trouvée dans le temps imparti :",
    "Relaxations:": "Assouplissements :",
    "restores a formation (checked by solving)":
        "rend une répartition possible (vérifié par résolution)",
    "not enough on its own": "ne suffit pas à lui seul",
    "not checked (time limit)": "non vérifié (limite de temps)",
    "{sizes}, so teams hold at least {least} students, more than the {students} in the cohort":
        "{sizes} : les équipes comptent donc au moins {least} étudiants, plus que les "
        "{students} de la cohorte",
    "{sizes}, so teams can total {totals} students, never the {students} in the cohort":
        "{sizes} : les équipes peuvent donc totaliser {totals} étudiants, jamais les "
        "{students} de la cohorte",
    "exactly {n}": "exactement {n}",
    "{low} to {high}": "de {low} à {high}",
    "the optional idea {ids} takes {size} if opened":
        "l'idée facultative {ids} prend {size} membres si elle ouvre",
    "the optional ideas {ids} take {size} if opened":
        "les idées facultatives {ids} prennent {size} membres si elles ouvrent",
    "{ids} must open with {size} members": "{ids} doivent ouvrir avec {size} membres",
    "{project} must open with {size} members": "{project} doit ouvrir avec {size} membres",
    "or": "ou",
    "and": "et",
    "every student must be on a team": "chaque étudiant doit être dans une équipe",
    "{project} needs at least {n} members if it opens":
        "{project} demande au moins {n} membres s'il ouvre",
    "{project} holds at most {n} members": "{project} accueille au plus {n} membres",
    "{project} must open": "{project} doit ouvrir",
    "{student} proposed {project} and is on it whenever it opens":
        "{student} porte {project} et en fait partie dès qu'il ouvre",
    "{student} refuses {projects}": "{student} refuse {projects}",
    "{student} may only join their top {k} ({projects})":
        "{student} ne peut rejoindre que ses {k} premiers choix ({projects})",
    "{student} is fixed on {project}": "{student} est imposé dans {project}",
    "{students} must be on the same team": "{students} doivent être dans la même équipe",
    "{students} must be on different teams": "{students} doivent être dans des équipes "
                                             "différentes",
    "these rules cannot all hold together: {rules}":
        "ces règles ne peuvent pas toutes être respectées ensemble : {rules}",
    "{projects} must open": "{projects} doivent ouvrir",
    "{projects} takes {size} members if it opens": "{projects} prend {size} membres s'il ouvre",
    "{projects} take {size} members if they open":
        "{projects} prennent {size} membres s'ils ouvrent",
    "{projects} needs at least {n} members if it opens":
        "{projects} demande au moins {n} membres s'il ouvre",
    "{projects} need at least {n} members if they open":
        "{projects} demandent au moins {n} membres s'ils ouvrent",
    "{projects} holds at most {n} members": "{projects} accueille au plus {n} membres",
    "{projects} hold at most {n} members": "{projects} accueillent au plus {n} membres",
    "drop the rule '{rule}'": "supprimer la règle « {rule} »",
    "let students stay without a team (rules.allow_unassigned)":
        "autoriser des étudiants sans équipe (rules.allow_unassigned)",
    "make {project} optional": "rendre {project} facultatif",
    "raise {project}'s max_size from {old} to {new}":
        "porter max_size de {project} de {old} à {new}",
    "lower {project}'s min_size from {old} to {new}":
        "abaisser min_size de {project} de {old} à {new}",
    "release {student} from proposing {project}":
        "libérer {student} de son rôle de porteur de {project}",
    "unfix {student} (fixed on {project})": "ne plus imposer {student} (imposé dans {project})",
    "drop the rule keeping {students} together":
        "supprimer la règle qui garde {students} ensemble",
    "drop the rule keeping {students} apart": "supprimer la règle qui sépare {students}",
    "let {student} join {projects}, which they refused":
        "permettre à {student} de rejoindre {projects}, qu'il a refusé",
    "drop the top_k rule": "supprimer la règle top_k",
    "raise top_k from {old} to {new}": "porter top_k de {old} à {new}",
    "allow {new} members per {attribute} value in a team (max_per_value was {old})":
        "autoriser {new} membres par valeur de {attribute} dans une équipe (max_per_value "
        "valait {old})",
    "drop the min_distinct rule on {attribute}": "supprimer la règle min_distinct sur {attribute}",
    "lower min_distinct for {attribute} from {old} to {new}":
        "abaisser min_distinct pour {attribute} de {old} à {new}",
    "drop the no_isolated rule on {attribute}": "supprimer la règle no_isolated sur {attribute}",
    # re-matching (matcher/rematch.py)
    "student {student} is listed twice": "l'étudiant {student} figure deux fois",
    "student {student} is locked on unknown project {project!r}":
        "l'étudiant {student} est verrouillé dans un projet inconnu, {project!r}",
    "{project} no longer exists": "{project} n'existe plus",
    "{project} closed": "{project} n'a pas ouvert",
    "locked on {project}": "verrouillé dans {project}",
    "keeping {student} on {project}": "garder {student} dans {project}",
    "moved by the optimisation": "déplacé par l'optimisation",
}
"""Translations of the English message templates (see :mod:`matcher.i18n`)."""
