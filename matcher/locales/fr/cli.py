"""French texts of the commands' wall clock, writing, explanations and terminal output.

Texts another catalog already gives (terminal, rules, explain...) are not repeated here.
"""

MESSAGES: dict[str, str] = {
    'not explained':
        'non expliqué',
    'Interrupted':
        'Interrompu',
    'Interrupted.':
        'Interrompu.',
    'Interrupted during the explanations':
        'Interrompu pendant les explications',
    'Interrupted before the report was written':
        "Interrompu avant l'écriture du rapport",
    '{what}: {files} written and kept.':
        '{what} : {files} écrit(s) et conservé(s).',
    'out of memory':
        'mémoire insuffisante',
    '{label} (up to {seconds:.0f} s)...':
        "{label} (jusqu'à {seconds:.0f} s)...",
    '{label}: {spent:.1f} s of {total:.0f} s (Ctrl-C stops; what is written stays)':
        '{label} : {spent:.1f} s sur {total:.0f} s (Ctrl-C arrête ; ce qui est écrit reste)',
    'explaining {count} low placements':
        'explication de {count} placements bas',
    'explaining every student for the report':
        'explication de chaque étudiant pour le rapport',
    'explaining {student}':
        'explication de {student}',
    'writing the report':
        'écriture du rapport',
    "The students' explanations are not in this report: they did not fit in the time for "
    'explanations (--explain-time).':
        'Les explications par étudiant ne figurent pas dans ce rapport : elles ne tenaient pas '
        'dans le temps des explications (--explain-time).',
    'The explanations for the report failed ({error}); the report was written without them.':
        'Les explications du rapport ont échoué ({error}) ; le rapport a été écrit sans elles.',
    'The explanations failed ({error})':
        'Les explications ont échoué ({error})',
    'The report was not written: it did not fit in the time for explanations ({seconds:.0f} '
    's); give a larger --explain-time':
        "Le rapport n'a pas été écrit : il ne tenait pas dans le temps des explications "
        '({seconds:.0f} s) ; donnez un --explain-time plus grand',
    'The report could not be written ({error})':
        "Le rapport n'a pas pu être écrit ({error})",
    'error: cannot rewrite the summary with the reasons: {error}':
        'erreur : impossible de réécrire le résumé avec les raisons : {error}',
    'Moved since the previous formation: {count}':
        'Déplacés depuis la formation précédente : {count}',
    '  ... and {count} more':
        '  ... et {count} de plus',
    'expected one of {values}':
        'valeurs possibles : {values}',
    '--explain-time must be less than --time-limit ({limit:g} s)':
        '--explain-time doit être inférieur à --time-limit ({limit:g} s)',
    'The time limit ({limit:g} s) was spent reading the inputs; give a longer --time-limit.':
        'La limite de temps ({limit:g} s) a été consommée par la lecture des entrées ; donnez '
        'un --time-limit plus long.',
    'The time limit ({limit:g} s) ended before {student} was explained; give a longer '
    '--time-limit.':
        'La limite de temps ({limit:g} s) a pris fin avant que {student} soit expliqué ; '
        'donnez un --time-limit plus long.',
    'The time limit ({limit:g} s) was spent reading the instance; nothing was written. Give '
    'a longer --time-limit.':
        "La limite de temps ({limit:g} s) a été consommée par la lecture de l'instance ; rien "
        "n'a été écrit. Donnez un --time-limit plus long.",
    'The time limit ({limit:g} s) was spent reading the inputs; nothing was written. Give a '
    'longer --time-limit.':
        'La limite de temps ({limit:g} s) a été consommée par la lecture des entrées ; rien '
        "n'a été écrit. Donnez un --time-limit plus long.",
    'The time limit ends before another point would fit: the front is incomplete.':
        "La limite de temps prend fin avant qu'un autre point puisse tenir : le front est "
        'incomplet.',
    'The time limit ({limit:g} s) is too short for {count} points; nothing was written. Give '
    'a longer --time-limit.':
        "La limite de temps ({limit:g} s) est trop courte pour {count} points ; rien n'a été "
        'écrit. Donnez un --time-limit plus long.',
    '{count} points, {seconds:.1f} s each':
        '{count} points, {seconds:.1f} s chacun',
    'The time limit ({limit:g} s) was spent before the search could start (reading the '
    'inputs took {read:.1f} s); nothing was written. Give a longer --time-limit.':
        'La limite de temps ({limit:g} s) a été consommée avant le début de la recherche (la '
        "lecture des entrées a pris {read:.1f} s) ; rien n'a été écrit. Donnez un --time-limit "
        'plus long.',
    'Nothing was written. Relax a rule (team sizes, optional ideas, [rules]) and run again.':
        "Rien n'a été écrit. Assouplissez une règle (tailles d'équipe, idées facultatives, "
        '[rules]) et relancez.',
    'Stopped by Ctrl-C before any formation was found; nothing was written.':
        "Arrêté par Ctrl-C avant qu'une formation soit trouvée ; rien n'a été écrit.",
    'The time limit ({limit:g} s) ended before any formation was found; nothing was written. '
    'Try a longer --time-limit.':
        "La limite de temps ({limit:g} s) a pris fin avant qu'une formation soit trouvée ; "
        "rien n'a été écrit. Essayez un --time-limit plus long.",
    'Relaxations (each checked by solving):':
        'Assouplissements (chacun vérifié par une résolution) :',
    'restores a formation':
        'rétablit une formation',
    'Smallest set of rules in conflict:':
        'Plus petit ensemble de règles en conflit :',
    'Set of rules in conflict found in time (maybe not minimal):':
        'Ensemble de règles en conflit trouvé à temps (peut-être pas minimal) :',
    'CP-SAT proved it, without a simpler reason':
        "CP-SAT l'a prouvé, sans raison plus simple",
    'proven optimal':
        'optimalité prouvée',
    'not proven optimal, gap {gap:.1%}':
        'optimalité non prouvée, écart {gap:.1%}',
    'Interrupted: wrote the best teams found so far to {output} ({proof}).':
        "Interrompu : les meilleures équipes trouvées jusqu'ici sont écrites dans {output} "
        '({proof}).',
    'warning: {warning}':
        'avertissement : {warning}',
    'Title':
        'Titre',
    'Ranks 1/2/3/4+/-':
        'Rangs 1/2/3/4+/-',
    'Mean rank':
        'Rang moyen',
    'Disc.':
        'Disc.',
    'Inst.':
        'Étab.',
    'Teams ({count}; --show-teams full lists the members)':
        'Équipes ({count} ; --show-teams full liste les membres)',
    'Placed on their 4th choice or worse, unranked or without a team ({count}):':
        'Placés sur leur 4e choix ou au-delà, sur un projet non classé ou sans équipe '
        '({count}) :',
    'on {project}, choice {rank}':
        'sur {project}, choix {rank}',
    'on {project}, unranked':
        'sur {project}, non classé',
    '  ... and {count} more: see {files}':
        '  ... et {count} de plus : voir {files}',
    '  ... and {count} more: add --summary SUMMARY.json (or --report REPORT.html) to get '
    'them all':
        '  ... et {count} de plus : ajoutez --summary RESUME.json (ou --report RAPPORT.html) '
        'pour les obtenir tous',
}
