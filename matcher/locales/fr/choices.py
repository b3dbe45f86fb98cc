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
