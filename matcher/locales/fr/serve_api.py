"""French texts of ``matcher serve`` and its HTTP API (:mod:`matcher.serve`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "matcher serve needs the server's libraries ({missing}): {command}":
        "matcher serve a besoin des bibliothèques du serveur ({missing}) : {command}",
    "this server needs its token: the header 'Authorization: Bearer <token>' or "
    "?token=<token>":
        "ce serveur demande son jeton : l'en-tête 'Authorization: Bearer <jeton>' ou "
        "?token=<jeton>",
    "--host {host} is reachable from other machines: give a token with --token or the "
    "MATCHER_TOKEN environment variable":
        "--host {host} est joignable depuis d'autres machines : donnez un jeton avec --token "
        "ou la variable d'environnement MATCHER_TOKEN",
    "<request>": "<requête>",
    "expected a JSON object": "un objet JSON est attendu",
    'give "problem_id" or "problem"': 'donnez "problem_id" ou "problem"',
    'give "problem_id", "problem" or the files':
        'donnez "problem_id", "problem" ou les fichiers',
    'give the files, or a JSON body {"problem": ...}':
        'donnez les fichiers, ou un corps JSON {"problem": ...}',
    "matcher serve: http://{host}:{port}/ (data in {data}; Ctrl-C stops)":
        "matcher serve : http://{host}:{port}/ (données dans {data} ; Ctrl-C arrête)",
    "missing file field {field!r}": "champ de fichier {field!r} manquant",
    "no job with id {id!r}": "aucune tâche d'identifiant {id!r}",
    "no problem with id {id!r}": "aucun problème d'identifiant {id!r}",
    "not found": "introuvable",
    "student {student} is placed on unknown project {project!r}":
        "l'étudiant {student} est placé sur un projet inconnu {project!r}",
    "the request is larger than this server accepts ({mb:.1f} MB)":
        "la requête dépasse la taille que ce serveur accepte ({mb:.1f} Mo)",
    "the request is not valid": "la requête n'est pas valide",
    "the server stopped while this job was running":
        "le serveur s'est arrêté pendant que cette tâche tournait",
    "the solver process ended without an answer (exit code {code})":
        "le processus de résolution s'est terminé sans réponse (code de sortie {code})",
    "too many jobs are waiting ({count}); try again later":
        "trop de tâches en attente ({count}) ; réessayez plus tard",
    "{count} problems in the input": "{count} problèmes dans les données",
}
