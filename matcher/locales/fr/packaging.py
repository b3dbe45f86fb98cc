"""French texts of the packaging area: optional extras and the MDGP search kernels."""

MESSAGES: dict[str, str] = {
    "the MDGP search kernels need numba, which is not installed":
        "les noyaux de recherche MDGP ont besoin de numba, qui n'est pas installé",
    "no writable folder for the compiled MDGP search kernels: set NUMBA_CACHE_DIR to one":
        "aucun dossier accessible en écriture pour les noyaux de recherche MDGP compilés : "
        "indiquez-en un dans NUMBA_CACHE_DIR",
    "compiling the search kernels once (about {seconds} s); cached in {folder}":
        "compilation des noyaux de recherche, une seule fois (environ {seconds} s) ; "
        "conservés dans {folder}",
}
