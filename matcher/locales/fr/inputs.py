"""French texts of the input readers: formats, sources, titles, form grids, repeated answers."""

MESSAGES: dict[str, str] = {
    # matcher/io/table.py
    "cannot read a {kind}: give a path, bytes, a file object or a DataFrame":
        "impossible de lire un objet {kind} : donnez un chemin, des octets, un fichier ouvert "
        "ou un DataFrame",
    "this is not an Excel .xlsx workbook": "ce n'est pas un classeur Excel .xlsx",
    "this is not a {ext} spreadsheet": "ce n'est pas un classeur {ext}",
    "this is a web page (HTML or XML) saved under the extension {ext}":
        "c'est une page web (HTML ou XML) enregistrée avec l'extension {ext}",
    "open it in a spreadsheet program and save it as .xlsx, or export the data as CSV":
        "ouvrez-la dans un tableur et enregistrez-la en .xlsx, ou exportez les données en CSV",
    "the workbook has no worksheet": "le classeur n'a aucune feuille",
    "unsupported file format {ext!r}; supported: {supported}":
        "format de fichier non pris en charge {ext!r} ; formats acceptés : {supported}",
    "(no extension)": "(sans extension)",
    "cannot read the file: {reason}": "impossible de lire le fichier : {reason}",
    "CSV text should have the extension .csv":
        "un texte CSV doit porter l'extension .csv",
    "the workbook is protected by a password": "le classeur est protégé par un mot de passe",
    "save a copy without a password": "enregistrez-en une copie sans mot de passe",
    "cannot read the workbook: {reason}": "impossible de lire le classeur : {reason}",
    "save or export it as .xlsx, .ods or CSV":
        "enregistrez-le ou exportez-le en .xlsx, .ods ou CSV",
    "this is an old Excel (.xls) workbook, not CSV text":
        "c'est un ancien classeur Excel (.xls), pas du texte CSV",
    "give it the extension .xls, or export it as CSV":
        "donnez-lui l'extension .xls, ou exportez-le en CSV",
    # matcher/read.py
    "unknown duplicates policy {policy!r}; choose one of {choices}":
        "règle de doublons inconnue {policy!r} ; choisissez parmi {choices}",
    "{name!r} is the title of several projects": "{name!r} est le titre de plusieurs projets",
    "refuses unknown project {name!r}": "refuse le projet inconnu {name!r}",
    "ranks unknown project {name!r}": "classe le projet inconnu {name!r}",
    "student {id!r} {what}": "l'étudiant {id!r} {what}",
    # matcher/forms.py
    "a preferences column": "une colonne de préférences",
    "choice_N columns": "des colonnes choice_N",
    "a ranking grid": "une grille de classement",
    "the preferences are given twice, as {first} and as {second}: keep one":
        "les préférences sont données deux fois, comme {first} et comme {second} : "
        "gardez-en une",
    "this ranking grid column names no known project":
        "cette colonne de la grille de classement ne nomme aucun projet connu",
    "this is not a rank": "ce n'est pas un rang",
    "rank {rank} is given to two projects: {first!r} and {second!r}":
        "le rang {rank} est donné à deux projets : {first!r} et {second!r}",
    "write 1, 2, 3... or 1er choix, Choix 2...": "écrivez 1, 2, 3... ou 1er choix, Choix 2...",
    "give each project its own rank": "donnez à chaque projet son propre rang",
    # matcher/duplicates.py
    "student {id!r} answered {count} times (rows {rows}): row {row}, {which}, is kept":
        "l'étudiant {id!r} a répondu {count} fois (lignes {rows}) : la ligne {row}, {which}, "
        "est gardée",
    "the latest answer": "la réponse la plus récente",
    "the last row": "la dernière ligne",
    "the earliest answer": "la première réponse",
    "the first row": "la première ligne",
    "duplicate student id {id!r} (also row {row}, under the name {name!r})":
        "identifiant d'étudiant en double {id!r} (aussi ligne {row}, sous le nom {name!r})",
    "--duplicates earliest keeps the first answer, --duplicates error refuses repeated ids":
        "--duplicates earliest garde la première réponse, --duplicates error refuse les "
        "identifiants répétés",
    "this column mixes day-first and month-first dates":
        "cette colonne mêle des dates jour/mois et mois/jour",
    "cannot read this answer time": "impossible de lire l'heure de cette réponse",
    "two students share this id: give each their own":
        "deux étudiants partagent cet identifiant : donnez-en un à chacun",
    "duplicate student id {id!r} (also row {row})":
        "identifiant d'étudiant en double {id!r} (aussi ligne {row})",
    "--duplicates latest keeps each student's latest answer":
        "--duplicates latest garde la réponse la plus récente de chaque étudiant",
    "needed to keep one of the student's answers; write it like 30/11/2026 14:03:12 or "
    "2026-11-30 14:03:12":
        "nécessaire pour garder une des réponses de l'étudiant ; écrivez-la comme "
        "30/11/2026 14:03:12 ou 2026-11-30 14:03:12",
    # matcher/project_names.py
    "did you mean {names}?": "vouliez-vous dire {names} ?",
    "{ids} share this title: name the project by its id":
        "{ids} portent ce titre : nommez le projet par son identifiant",
    "did you mean {name!r}?": "vouliez-vous dire {name!r} ?",
    "student id {id!r} is {other!r} of row {row} written otherwise (case, spaces): one person":
        "l'identifiant d'étudiant {id!r} est {other!r} de la ligne {row} écrit autrement "
        "(casse, espaces) : une seule personne",
    "({ids}: one id written otherwise, case or spaces)":
        "({ids} : un même identifiant écrit autrement, casse ou espaces)",
    "name a proposer by the student's id, e-mail or full name, as in the students file":
        "nommez un porteur par l'identifiant, l'e-mail ou le nom complet de l'étudiant, comme "
        "dans le fichier des étudiants",
    "the column {header!r} looks like {known!r} but is not read as it: the teams would be "
    "formed without it":
        "la colonne {header!r} ressemble à {known!r} mais n'est pas lue comme telle : les "
        "équipes seraient formées sans elle",
    "rename the header to {known!r}, or map it in the config: [columns] {header!r} = {known!r}":
        "renommez l'en-tête en {known!r}, ou associez-le dans la configuration : [columns] "
        "{header!r} = {known!r}",
    "{count} column(s) kept as attributes (usable by rules, not read otherwise): {columns}":
        "{count} colonne(s) gardée(s) comme attributs (utilisables par les règles, pas lues "
        "autrement) : {columns}",
    "if one of them means a known column, map it in the config's [columns]":
        "si l'une d'elles désigne une colonne connue, associez-la dans la section [columns] "
        "de la configuration",
    "{count} answer(s) name nobody (rows {rows}{more}): read as no one":
        "{count} réponse(s) ne nomment personne (lignes {rows}{more}) : lues comme aucun",
    "the alias {alias!r} names {target!r}, which is neither a project id nor a single "
    "project's title":
        "l'alias {alias!r} désigne {target!r}, qui n'est ni l'identifiant ni le titre d'un "
        "seul projet",
    "{name!r} is read as project {id} ({title!r}), {count} time(s) (rows {rows})":
        "{name!r} est lu comme le projet {id} ({title!r}), {count} fois (lignes {rows})",
    "give the title as written in the projects file, or add it to the config: [aliases] "
    "{name!r} = {id!r}":
        "écrivez le titre comme dans le fichier des projets, ou ajoutez-le à la "
        "configuration : [aliases] {name!r} = {id!r}",
    "id (the e-mail column is the identity)":
        "identifiant (la colonne e-mail est l'identité)",
    "preferences ({kind})":
        "préférences ({kind})",
    "the form's bookkeeping":
        "la tenue du formulaire",
    "attribute {name!r}":
        "attribut {name!r}",
    "first name (composed into the name)":
        "prénom (composé dans le nom)",
    "last name (composed into the name)":
        "nom de famille (composé dans le nom)",
    "e-mail (for the exports)":
        "e-mail (pour les exports)",
    "{header!r} -> {read_as}: {count} value(s), e.g. {sample!r}":
        "{header!r} -> {read_as} : {count} valeur(s), p. ex. {sample!r}",
    "Identities merged:":
        "Identités fusionnées :",
    "Config lines that would change the reading:":
        "Lignes de configuration qui changeraient la lecture :",
    "{students} students, {projects} projects":
        "{students} étudiants, {projects} projets",
    "Warnings:":
        "Avertissements :",
    "Errors:":
        "Erreurs :",
}
