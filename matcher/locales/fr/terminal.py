"""French texts of the terminal: tables and figures, progress, and the messages of the
commands check, sweep, pareto, sample and solve-json."""

MESSAGES: dict[str, str] = {
    # shared command helpers (matcher/cli/common.py)
    "expected NAME=INT": "NOM=ENTIER attendu",
    "e.g. --weight discipline=10; known terms: {known}":
        "par exemple --weight discipline=10 ; termes connus : {known}",
    "the weight of {name!r} must be a whole number":
        "le poids de {name!r} doit être un nombre entier",
    "weights are integers, e.g. 3 or 0": "les poids sont des entiers, par exemple 3 ou 0",
    "no student in the file: it has a header row but no data rows":
        "aucun étudiant dans le fichier : il a une ligne d'en-tête mais aucune ligne de données",
    "no project idea in the file: it has a header row but no data rows":
        "aucune idée de projet dans le fichier : il a une ligne d'en-tête mais aucune ligne de "
        "données",
    "(default config)": "(configuration par défaut)",
    "the summary path is a directory": "le chemin du résumé est un dossier",
    "the summary directory does not exist": "le dossier du résumé n'existe pas",
    "cannot write in the summary directory": "impossible d'écrire dans le dossier du résumé",
    "the report path is a directory": "le chemin du rapport est un dossier",
    "the report directory does not exist": "le dossier du rapport n'existe pas",
    "cannot write in the report directory": "impossible d'écrire dans le dossier du rapport",
    "cannot write in the output directory": "impossible d'écrire dans le dossier de sortie",
    "give a file name, e.g. teams.csv": "donnez un nom de fichier, par exemple teams.csv",
    "choose a directory you can write in": "choisissez un dossier où vous pouvez écrire",
    "{elapsed} s / {limit} s  best objective {best}  bound {bound}  gap {gap}":
        "{elapsed} s / {limit} s  meilleur objectif {best}  borne {bound}  écart {gap}",
    "searching": "recherche",
    "Ctrl-C stops and keeps the best teams found so far":
        "Ctrl-C arrête et garde les meilleures équipes trouvées jusqu'ici",
    "Interrupted: stopping the search and keeping the best teams found so far...":
        "Interrompu : arrêt de la recherche, les meilleures équipes trouvées jusqu'ici sont "
        "gardées...",
    # tables and figures (matcher/cli/output.py)
    "Teams": "Équipes",
    "Project": "Projet",
    "Size": "Taille",
    "Members (rank)": "Membres (rang)",
    "Disciplines": "Disciplines",
    "Institutions": "Établissements",
    "Without a team ({count}): {ids}": "Sans équipe ({count}) : {ids}",
    "first choice": "premier choix",
    "top 3": "3 premiers choix",
    "mean rank obtained": "rang moyen obtenu",
    "disciplines / team": "disciplines / équipe",
    "institutions / team": "établissements / équipe",
    "without a team": "sans équipe",
    "objective": "objectif",
    "proven bound": "borne prouvée",
    "gap": "écart",
    "status": "statut",
    "{share} ({count} of {ranked} students who ranked ideas)":
        "{share} ({count} sur {ranked} étudiants ayant classé des idées)",
    "{share} ({count} of {ranked})": "{share} ({count} sur {ranked})",
    "{mean} distinct on average ({teams} teams)": "{mean} distinctes en moyenne ({teams} équipes)",
    "{mean} distinct on average": "{mean} distincts en moyenne",
    "(interrupted by Ctrl-C)": "(interrompu par Ctrl-C)",
    "{status} in {seconds} s": "{status} en {seconds} s",
    "Scores": "Scores",
    "Term": "Terme",
    "Value": "Valeur",
    "Weight": "Poids",
    "Weighted": "Pondéré",
    # check (matcher/cli/check.py)
    "the student id is empty": "l'identifiant de l'étudiant est vide",
    "student {student} is listed twice (also row {row})":
        "l'étudiant {student} figure deux fois (aussi ligne {row})",
    "keep one row per student": "gardez une ligne par étudiant",
    "cannot write: {error}": "écriture impossible : {error}",
    "checked: {teams}": "vérifié : {teams}",
    "The teams break {count} rule(s):": "Les équipes enfreignent {count} règle(s) :",
    "OK: the teams in {teams} break none of the rules.":
        "OK : les équipes de {teams} respectent toutes les règles.",
    # sweep (matcher/sweep.py, matcher/cli/sweep.py)
    "expected NAME=V1,V2,..., got {spec!r}": "NOM=V1,V2,... attendu, reçu {spec!r}",
    "e.g. --grid preference=1,2,4": "par exemple --grid preference=1,2,4",
    "term {name!r} appears in two --grid options":
        "le terme {name!r} figure dans deux options --grid",
    "list all its values in one: NAME=V1,V2,...":
        "donnez toutes ses valeurs dans une seule : NOM=V1,V2,...",
    "weight of {name!r} must be a whole number, got {text!r}":
        "le poids de {name!r} doit être un nombre entier, reçu {text!r}",
    "a Dask scheduler needs dask.distributed: {command}":
        "un ordonnanceur Dask demande dask.distributed : {command}",
    "cannot reach the Dask scheduler at {address}: {error}":
        "impossible de joindre l'ordonnanceur Dask à {address} : {error}",
    "point {done}/{total} done": "point {done}/{total} terminé",
    "cannot write the output: {error}": "impossible d'écrire la sortie : {error}",
    "{count} points written to {output} ({optimal} proven optimal).":
        "{count} points écrits dans {output} ({optimal} prouvés optimaux).",
    "the grid has no point: give at least one weight per term":
        "la grille n'a aucun point : donnez au moins un poids par terme",
    "the time limit ({limit:g} s) is too short for {count} points":
        "la limite de temps ({limit:g} s) est trop courte pour {count} points",
    "give a longer time limit or a point_time_limit":
        "donnez une limite de temps plus longue ou un point_time_limit",
    # pareto (matcher/pareto.py, matcher/cli/pareto.py)
    "x and y are the same term {term!r}": "x et y sont le même terme {term!r}",
    "the step must be a whole number >= 1": "le pas doit être un nombre entier >= 1",
    "cannot read the front to resume: {error}":
        "impossible de lire le front à reprendre : {error}",
    "the front to resume has no column {name!r}: it was traced on other terms":
        "le front à reprendre n'a pas de colonne {name!r} : il a été tracé sur d'autres termes",
    "the front to resume was traced on other inputs (rules, cohort or ideas differ)":
        "le front à reprendre a été tracé sur d'autres entrées (règles, cohorte ou idées "
        "différentes)",
    "proven non-dominated": "non dominé (prouvé)",
    "not proven (time limit)": "non prouvé (limite de temps)",
    "Pareto front: {y} against {x} ({count} points)":
        "Front de Pareto : {y} en fonction de {x} ({count} points)",
    "--plot needs matplotlib": "--plot demande matplotlib",
    "--teams-dir is not a directory": "--teams-dir n'est pas un dossier",
    "cannot create --teams-dir: {error}": "impossible de créer --teams-dir : {error}",
    "(not proven)": "(non prouvé)",
    "point {point}: {x}={x_value} {y}={y_value}": "point {point} : {x}={x_value} {y}={y_value}",
    "No formation satisfies the rules; nothing was written.":
        "Aucune répartition ne respecte les règles ; rien n'a été écrit.",
    "The time limit ({limit} s) ended before the first point was found; nothing was written. "
    "Try a longer --time-limit.":
        "La limite de temps ({limit} s) a expiré avant le premier point ; rien n'a été écrit. "
        "Essayez un --time-limit plus long.",
    "{count} points written to {output} (front exact).":
        "{count} points écrits dans {output} (front exact).",
    "{count} points written to {output} (front incomplete).":
        "{count} points écrits dans {output} (front incomplet).",
    "{count} points written to {output} (front with unproven points).":
        "{count} points écrits dans {output} (front avec des points non prouvés).",
    # sample (matcher/sample.py, matcher/cli/sample.py)
    "no team sizes fit: {students} students cannot fill {projects} ideas of {low} to {high} "
    "students ({optional} optional); reachable totals {totals}":
        "aucune taille d'équipe ne convient : {students} étudiants ne peuvent pas remplir "
        "{projects} idées de {low} à {high} étudiants ({optional} facultatives) ; totaux "
        "possibles {totals}",
    "{path}: exists and is not a directory": "{path} : existe et n'est pas un dossier",
    "{path} already exists; pass --force to replace it, or choose another directory":
        "{path} existe déjà ; ajoutez --force pour le remplacer, ou choisissez un autre dossier",
    "cannot write in {path}: {error}": "impossible d'écrire dans {path} : {error}",
    "Wrote {students_path} ({students} students) and {projects_path} ({projects} ideas).":
        "Écrit : {students_path} ({students} étudiants) et {projects_path} ({projects} idées).",
    "Next: matcher solve {students_path} {projects_path} -o teams.csv":
        "Ensuite : matcher solve {students_path} {projects_path} -o teams.csv",
    # mdgp (matcher/cli/mdgp.py)
    "the folder for the groups CSV does not exist": "le dossier du CSV des groupes n'existe pas",
    "the folder for the summary does not exist": "le dossier du résumé n'existe pas",
    "{name}: objective {objective} ({status}), {n} elements in {m} groups -> {output}":
        "{name} : objectif {objective} ({status}), {n} éléments en {m} groupes -> {output}",
    # solve-json (matcher/cli/json_api.py)
    "Interrupted: the result holds the best teams found so far.":
        "Interrompu : le résultat contient les meilleures équipes trouvées jusqu'ici.",
}
"""Translations of the English message templates (see :mod:`matcher.i18n`)."""
