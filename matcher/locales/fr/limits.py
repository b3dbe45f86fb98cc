"""French texts of the reading limits (:mod:`matcher.io.limits`) and of the isolated reader
(:mod:`matcher.io.isolated`)."""

MESSAGES: dict[str, str] = {
    # matcher/io/limits.py
    "a cohort file is far smaller: save only the data, or raise the limit with "
    "ReadLimits in the library or [input] in the config":
        "un fichier de promotion est bien plus petit : n'enregistrez que les données, ou "
        "relevez la limite avec ReadLimits dans la bibliothèque ou [input] dans la config",
    "the sheet reaches row {rows:,}{origin}; the limit is {limit:,} rows":
        "la feuille atteint la ligne {rows:,}{origin} ; la limite est de {limit:,} lignes",
    "the sheet reaches column {letter} ({columns:,}){origin}; the limit is {limit:,} columns":
        "la feuille atteint la colonne {letter} ({columns:,}){origin} ; la limite est de "
        "{limit:,} colonnes",
    "the sheet spans {rows:,} rows x {columns:,} columns = {cells:,} cells{origin}; the limit "
    "is {limit:,} cells":
        "la feuille couvre {rows:,} lignes x {columns:,} colonnes = {cells:,} cellules{origin} ;"
        " la limite est de {limit:,} cellules",
    "the file is {size:,} bytes; the limit is {limit:,} bytes":
        "le fichier fait {size:,} octets ; la limite est de {limit:,} octets",
    "the file may hold {cells:,} cells; the limit is {limit:,} cells":
        "le fichier peut contenir {cells:,} cellules ; la limite est de {limit:,} cellules",
    "the file reaches row {row:,}; the limit is {limit:,} rows":
        "le fichier atteint la ligne {row:,} ; la limite est de {limit:,} lignes",
    "the row has {columns:,} cells; the limit is {limit:,} columns":
        "la ligne a {columns:,} cellules ; la limite est de {limit:,} colonnes",
    "the archive holds {count:,} files; the limit is {limit:,}":
        "l'archive contient {count:,} fichiers ; la limite est de {limit:,}",
    "{member} inflates {ratio:,} times ({size:,} bytes); the limit is {limit:,} times":
        "{member} se décompresse {ratio:,} fois ({size:,} octets) ; la limite est de "
        "{limit:,} fois",
    "the archive inflates to more than {limit:,} bytes":
        "l'archive se décompresse en plus de {limit:,} octets",
    "cell {ref}": "cellule {ref}",
    "declared": "déclaré",
    "declared {ref}": "déclaré {ref}",
    "the spreadsheet's content declares a DTD, which no spreadsheet program writes":
        "le contenu du classeur déclare une DTD, ce qu'aucun tableur n'écrit",
    # matcher/config.py, found by tests/io/test_io_fuzz_limits.py
    "[{section}] must be a table of keys, not a {kind}":
        "[{section}] doit être une table de clés, pas un {kind}",
    "write it as [{section}] followed by key = value lines":
        "écrivez [{section}] suivi de lignes clé = valeur",
    # matcher/io/isolated.py
    "the spreadsheet reader failed on this workbook ({reason}) within a memory limit of "
    "{limit:,} MiB":
        "le lecteur de classeurs a échoué sur ce classeur ({reason}) avec une limite de "
        "mémoire de {limit:,} Mio",
    "save it again as .xlsx or CSV, or check that it is not damaged":
        "enregistrez-le de nouveau en .xlsx ou en CSV, ou vérifiez qu'il n'est pas abîmé",
    "reading the workbook took longer than {seconds:g} s":
        "la lecture du classeur a pris plus de {seconds:g} s",
    "save it again as .xlsx or CSV": "enregistrez-le de nouveau en .xlsx ou en CSV",
}
