"""French texts of choices first: the ``max_unranked`` rule, the unranked count and its
proven minimum, the price of diversity."""

MESSAGES: dict[str, str] = {
    # matcher/constraints/max_unranked.py
    "{count} students are on an idea they did not rank, more than {k}":
        "{count} étudiants sont dans une idée qu'ils n'ont pas classée, plus que {k}",
    "allow {new} students on an idea they did not rank (max_unranked was {old})":
        "accepter {new} étudiants dans une idée qu'ils n'ont pas classée (max_unranked "
        "valait {old})",
    "at most {k} students on an idea they did not rank":
        "au plus {k} étudiants dans une idée qu'ils n'ont pas classée",
}
MESSAGES.update({
    # matcher/choices.py
    "{count} students on an idea they did not rank: the proven minimum":
        "{count} étudiants dans une idée qu'ils n'ont pas classée : le minimum prouvé",
    "{count} students on an idea they did not rank (every formation has at least {minimum})":
        "{count} étudiants dans une idée qu'ils n'ont pas classée (toute formation en compte "
        "au moins {minimum})",
    "{count} students on an idea they did not rank":
        "{count} étudiants dans une idée qu'ils n'ont pas classée",
    "price of diversity: {students} students moved down, {ranks} ranks in total, against the "
    "preference-only optimum{proven}":
        "prix de la diversité : {students} étudiants descendus, {ranks} rangs au total, face "
        "à l'optimum des seules préférences{proven}",
    " (not proven optimal)": " (optimalité non prouvée)",
    "{opened} of {optional} optional ideas opened":
        "{opened} idées facultatives ouvertes sur {optional}",
    "; {count} students moved off their choices to fill them ({detail})":
        " ; {count} étudiants écartés de leurs choix pour les remplir ({detail})",
})
MESSAGES.update({
    # matcher/constraints/open_ideas.py
    "open: min ({low}) is above max ({high})": "open : min ({low}) dépasse max ({high})",
    "open asks for at least {low} optional ideas, there are {count}":
        "open demande au moins {low} idées facultatives, il y en a {count}",
    "{count} optional ideas open ({ideas}), not between {low} and {high}":
        "{count} idées facultatives ouvertes ({ideas}), hors de l'intervalle {low} à {high}",
    "let {low} to {high} optional ideas open":
        "laisser ouvrir de {low} à {high} idées facultatives",
    "{low} to {high} optional ideas open": "de {low} à {high} idées facultatives ouvertes",
})
