"""French texts of the search's messages (re-matching, time budget)."""

MESSAGES: dict[str, str] = {
    "the time limit ({limit:g} s) ended while the model was being built ({elapsed:.1f} s): "
    "no search was run; give a longer time limit":
        "la limite de temps ({limit:g} s) a pris fin pendant la construction du modèle "
        "({elapsed:.1f} s) : aucune recherche n'a été lancée ; donnez une limite plus longue",
    "fills {project}, left below its minimum size ({min}) when {count} of its members left":
        "complète {project}, passée sous sa taille minimale ({min}) après le départ de "
        "{count} de ses membres",
}
