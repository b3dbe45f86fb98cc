"""French texts of the older input messages: reading a file, its header, its cells and records.

Keys already translated in another catalog ("file not found", "the student id is empty",
"did you mean {suggestion!r}?"...) are not repeated here.
"""

MESSAGES: dict[str, str] = {
    # matcher/io/table.py: the file
    "check the path and its spelling": "vérifiez le chemin et son orthographe",
    "is a directory, not a file": "c'est un dossier, pas un fichier",
    "this is a zip archive or an Excel workbook, not CSV text":
        "c'est une archive zip ou un classeur Excel, pas du texte CSV",
    "give it the extension .xlsx, or export it as CSV":
        "donnez-lui l'extension .xlsx, ou exportez-le en CSV",
    "cannot decode the file as {encoding}: {reason}":
        "impossible de décoder le fichier en {encoding} : {reason}",
    "save it as CSV UTF-8": "enregistrez-le en CSV UTF-8",
    "this does not look like a text file (it contains NUL bytes)":
        "ce fichier ne semble pas être du texte (il contient des octets NUL)",
    "export the data as CSV UTF-8 or as .xlsx": "exportez les données en CSV UTF-8 ou en .xlsx",
    "malformed CSV: {error}": "CSV mal formé : {error}",
    "check for an unclosed quote or a very long cell":
        "cherchez un guillemet non fermé ou une cellule très longue",
    "no sheet named {sheet!r}; sheets: {sheets}":
        "aucune feuille nommée {sheet!r} ; feuilles : {sheets}",
    "the file is empty": "le fichier est vide",
    "it needs a header row, then one row per record":
        "il faut une ligne d'en-tête, puis une ligne par enregistrement",
    # matcher/io/table.py: the header and the rows
    "column {letter} has data but no header":
        "la colonne {letter} contient des données mais pas d'en-tête",
    "header {header!r} in column {letter} has no letter or digit":
        "l'en-tête {header!r} de la colonne {letter} ne contient ni lettre ni chiffre",
    "give the column a name in the header row, or delete it":
        "donnez un nom à la colonne dans la ligne d'en-tête, ou supprimez-la",
    "columns {first!r} ({first_letter}) and {second!r} ({second_letter}) both mean "
    "{canonical!r}":
        "les colonnes {first!r} ({first_letter}) et {second!r} ({second_letter}) désignent "
        "toutes deux {canonical!r}",
    "rename or delete one of them": "renommez ou supprimez l'une d'elles",
    "row has {cells} cells but the header has {width} columns":
        "la ligne a {cells} cellules mais l'en-tête a {width} colonnes",
    "a value may contain an unquoted delimiter, or the header lacks a column":
        "une valeur contient peut-être un séparateur hors guillemets, ou il manque une colonne "
        "à l'en-tête",
    "for {column!r}, did you mean {suggestion!r}?":
        "pour {column!r}, vouliez-vous dire {suggestion!r} ?",
    "missing required column {names}; columns found: {listed}":
        "colonne obligatoire manquante : {names} ; colonnes trouvées : {listed}",
    "missing required columns {names}; columns found: {listed}":
        "colonnes obligatoires manquantes : {names} ; colonnes trouvées : {listed}",
    "missing required column {names}; columns found: none":
        "colonne obligatoire manquante : {names} ; aucune colonne trouvée",
    "missing required columns {names}; columns found: none":
        "colonnes obligatoires manquantes : {names} ; aucune colonne trouvée",
    "rename the header, or map it in the [columns] section of the config":
        "renommez l'en-tête, ou faites-le correspondre dans la section [columns] de la "
        "configuration",
    # matcher/read.py
    "{column} must be a whole number": "{column} doit être un nombre entier",
    "the project id is empty": "l'identifiant du projet est vide",
    "optional must be yes or no": "optional doit valoir oui ou non",
    "accepted: yes/no, true/false, 1/0, oui/non":
        "valeurs acceptées : oui/non, yes/no, true/false, 1/0",
    "(also record {record})": "(aussi à l'enregistrement {record})",
    "(also row {row})": "(aussi ligne {row})",
    # matcher/duplicates.py, matcher/io/contacts.py (a library caller's wrong argument)
    "duplicates must be one of {choices}, not {policy!r}":
        "duplicates doit valoir l'une des valeurs {choices}, pas {policy!r}",
    "unknown identifier {identifier!r}; choose one of {choices}":
        "identifiant inconnu {identifier!r} ; choisissez parmi {choices}",
}
