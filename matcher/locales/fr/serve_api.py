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
    "--time-limit {given:g} is above --max-time-limit {most:g}":
        "--time-limit {given:g} dépasse --max-time-limit {most:g}",
    "cannot listen on {host} port {port}: {error}":
        "impossible d'écouter sur {host} port {port} : {error}",
    "the server failed on this request (its log says why): {kind}":
        "le serveur a échoué sur cette requête (son journal dit pourquoi) : {kind}",
    "a solve may run {most:g} seconds at most on this server (--max-time-limit)":
        "une résolution peut durer {most:g} secondes au plus sur ce serveur "
        "(--max-time-limit)",
    "a solve may use {most} workers at most on this server (its cores, or --max-workers)":
        "une résolution peut utiliser {most} workers au plus sur ce serveur (ses cœurs, ou "
        "--max-workers)",
    "{value} is not a JSON number: send a finite number":
        "{value} n'est pas un nombre JSON : envoyez un nombre fini",
    "the JSON is nested more than {depth} levels deep":
        "le JSON est imbriqué sur plus de {depth} niveaux",
    "the number {value} is too large": "le nombre {value} est trop grand",
    "the body is not UTF-8 text (byte {at})":
        "le corps n'est pas du texte UTF-8 (octet {at})",
    "this server does not answer for the host {host!r}: open it by one of its names, or "
    "start it with --allowed-host NAME":
        "ce serveur ne répond pas pour l'hôte {host!r} : ouvrez-le par l'un de ses noms, ou "
        "lancez-le avec --allowed-host NOM",
    "a request from another origin ({origin}) may not change anything here":
        "une requête d'une autre origine ({origin}) ne peut rien modifier ici",
    "a body must be JSON (Content-Type: application/json){files}; this one is {kind!r}":
        "un corps doit être du JSON (Content-Type: application/json){files} ; celui-ci est "
        "{kind!r}",
    "without a type": "sans type",
    ", or files (multipart/form-data) for an upload":
        ", ou des fichiers (multipart/form-data) pour un envoi",
    "the server stopped while this job was queued":
        "le serveur s'est arrêté pendant que cette tâche attendait son tour",
    "this server's store is full ({used:.1f} MB of {most:.1f} MB): delete problems "
    "(DELETE /api/v1/problems/<id>) or raise --max-stored-mb":
        "le stockage de ce serveur est plein ({used:.1f} Mo sur {most:.1f} Mo) : supprimez "
        "des problèmes (DELETE /api/v1/problems/<id>) ou augmentez --max-stored-mb",
    "note: --host {host} listens on every interface, but requests must call this server by "
    "one of its names: give them with --allowed-host NAME":
        "note : --host {host} écoute sur toutes les interfaces, mais les requêtes doivent "
        "appeler ce serveur par l'un de ses noms : donnez-les avec --allowed-host NOM",
    "the Idempotency-Key {key!r} was used for another request (job {id}): use a new key for "
    "a new request":
        "la clé Idempotency-Key {key!r} a servi pour une autre requête (tâche {id}) : "
        "utilisez une nouvelle clé pour une nouvelle requête",
    "the Idempotency-Key header must be 1 to {most} visible ASCII characters":
        "l'en-tête Idempotency-Key doit compter de 1 à {most} caractères ASCII visibles",
    "not a cursor this server gave (next_cursor)":
        "ce n'est pas un curseur donné par ce serveur (next_cursor)",
    "unknown query parameter {name!r}: GET /jobs takes limit, cursor and status":
        "paramètre de requête inconnu {name!r} : GET /jobs prend limit, cursor et status",
    "a webhook URL is http:// or https:// with a host":
        "l'URL d'un webhook est en http:// ou https:// avec un hôte",
    "this server calls webhooks on {hosts} only (--webhook-allow), not {host!r}":
        "ce serveur n'appelle de webhooks que sur {hosts} (--webhook-allow), pas {host!r}",
}
