"""French texts of the explanations (``matcher explain``, low placements, the report)."""

MESSAGES: dict[str, str] = {
    # cli/explain.py
    "Some costs are not proven optimal within the time limit: try a longer --time-limit.":
        "Certains coûts ne sont pas prouvés optimaux dans le temps imparti : essayez un "
        "--time-limit plus long.",
    "ranked no project": "n'a classé aucun projet",
    "not explained (time): run matcher explain --student {student}":
        "non expliqué (temps) : lancez matcher explain --student {student}",
    # constraints/proposers.py
    "{student} proposed {project}, which must open":
        "{student} a proposé {project}, qui doit ouvrir",
    "{student} proposed {project}, which is open: a proposer stays on their open idea":
        "{student} a proposé {project}, qui est ouvert : qui propose une idée ouverte y reste",
    # explain/closed.py
    "{project} stayed closed (it is optional)": "{project} est resté fermé (il est facultatif)",
    "{count} students ranked it; it needs at least {low}":
        "{count} étudiants l'ont classé ; il en faut au moins {low}",
    "only {count} students ranked it within their top {k}, and it needs at least {low}":
        "seuls {count} étudiants l'ont classé parmi leurs {k} premiers choix, et il en faut "
        "au moins {low}",
    "only 1 student ranked it, and it needs at least {low}":
        "un seul étudiant l'a classé, et il en faut au moins {low}",
    "only {count} students ranked it, and it needs at least {low}":
        "seuls {count} étudiants l'ont classé, et il en faut au moins {low}",
    "its proposer {student} is fixed on {project}":
        "la personne qui l'a proposé, {student}, est placée d'office sur {project}",
    "its proposer {student} must be on {project}, which must open":
        "la personne qui l'a proposé, {student}, doit être sur {project}, qui doit ouvrir",
    "opening it would take its proposer {student} away from {project}":
        "l'ouvrir retirerait {student}, qui l'a proposé, de {project}",
    # explain/cohort.py
    "not explained: the time for explanations ran out":
        "non expliqué : le temps réservé aux explications est écoulé",
    # explain/counterfactual.py
    "moving {student} there": "y placer {student}",
    "{action} is possible at no cost (a tie)": "{action} est possible sans perte (égalité)",
    "re-solving the whole cohort with {student} there costs {points}":
        "re-résoudre toute la promotion avec {student} sur ce projet coûte {points}",
    "re-solving the whole cohort with {student} there costs at most {points}":
        "re-résoudre toute la promotion avec {student} sur ce projet coûte au plus {points}",
    "a member with {attribute} {value}": "un membre avec {attribute} {value}",
    "members with {attribute} {value}": "membres avec {attribute} {value}",
    "member with {attribute} {value}": "membre avec {attribute} {value}",
    "unranked": "non classé",
    "choice {rank}": "choix {rank}",
    "no formation satisfies the rules with {student} on {project}: {why}":
        "aucune répartition ne respecte les règles avec {student} sur {project} : {why}",
    "no formation with {student} on {project} was found within the time limit ({seconds} s)":
        "aucune répartition avec {student} sur {project} n'a été trouvée dans le temps "
        "imparti ({seconds} s)",
    "{action} would gain the cohort {points}": "{action} ferait gagner {points} à la promotion",
    " and {count} more": " et {count} de plus",
    "a student in {value}": "un étudiant en {value}",
    "{value} students": "étudiants en {value}",
    "{value} student": "étudiant en {value}",
    "a student from {value}": "un étudiant de {value}",
    "students from {value}": "étudiants de {value}",
    "student from {value}": "étudiant de {value}",
    "impossible under the rules ({why})": "impossible avec les règles ({why})",
    "{action} would cost the cohort {points}": "{action} coûterait {points} à la promotion",
    "{action} would cost the cohort at most {points}":
        "{action} coûterait au plus {points} à la promotion",
    "{project} would close": "{project} fermerait",
    "1 other student would move: {who}": "1 autre étudiant changerait d'équipe : {who}",
    "{count} other students would move: {who}":
        "{count} autres étudiants changeraient d'équipe : {who}",
    "and {count} more changes": "et {count} autres changements",
    "{project} would open": "{project} ouvrirait",
    "{project} would gain {holders}": "{project} gagnerait {holders}",
    "no team": "aucune équipe",
    "{project} would lose its only {holder}": "{project} perdrait son seul {holder}",
    "{project} would lose all {count} of its {holder}":
        "{project} perdrait ses {count} {holder}",
    "CP-SAT proved it impossible": "CP-SAT a prouvé que c'est impossible",
    "proven by CP-SAT": "prouvé par CP-SAT",
    # explain/explanation.py
    "{count} point": "{count} point",
    "{count} points": "{count} points",
    "{project} (choice {rank})": "{project} (choix {rank})",
    "{head} would cost {points}": "{head} coûterait {points}",
    "team {project}: {size} members ({low} to {high}), {disciplines} of the cohort's "
    "{cohort_disciplines} disciplines (best possible {best_disciplines}), {institutions} of "
    "{cohort_institutions} institutions (best possible {best_institutions})":
        "équipe {project} : {size} membres (de {low} à {high}), {disciplines} des "
        "{cohort_disciplines} disciplines de la promotion (au mieux {best_disciplines}), "
        "{institutions} des {cohort_institutions} établissements (au mieux "
        "{best_institutions})",
    "binding rules: {rules}": "règles qui la contraignent : {rules}",
    "{who} is on {project}, their choice {rank} of {count}.":
        "{who} est sur {project}, son choix {rank} sur {count}.",
    "{head} is impossible under the rules": "{head} est impossible avec les règles",
    "{head}: no formation found in time": "{head} : aucune répartition trouvée à temps",
    "{head} is a tie or better ({points})": "{head} : égalité ou mieux ({points})",
    "{who} has no team.": "{who} n'a pas d'équipe.",
    "{who} is on {project} (they ranked no project).":
        "{who} est sur {project} (n'a classé aucun projet).",
    "they ranked no project": "n'a classé aucun projet",
    "{who} is on {project} (a project they did not rank).":
        "{who} est sur {project} (un projet non classé).",
    "placed on their first choice": "placé sur son premier choix",
    "no better choice": "pas de meilleur choix",
    "binding rules: none": "règles qui la contraignent : aucune",
    # explain/figures.py
    "must open": "doit ouvrir",
    "full: {size} of at most {high}": "complète : {size} sur {high} au plus",
    "at its minimum size {low}: nobody can leave without closing it":
        "à sa taille minimale {low} : personne ne peut partir sans la fermer",
    "at its minimum size {low}: nobody can leave":
        "à sa taille minimale {low} : personne ne peut partir",
    "{student} proposed it and stays on it": "{student} l'a proposé et y reste",
    "{student} is fixed on it": "{student} y est placé d'office",
    "{count} distinct {attribute} values: the minimum is {low}":
        "{count} valeurs distinctes de {attribute} : le minimum est {low}",
    "{students} must stay together": "{students} doivent rester ensemble",
    "{inside} keeps {outside} out": "{inside} tient {outside} à l'écart",
    "{count} members with {attribute} {value}: at the cap of {cap}":
        "{count} membres avec {attribute} {value} : au plafond de {cap}",
    "two members with {attribute} {value}: neither can leave alone":
        "deux membres avec {attribute} {value} : aucun ne peut partir seul",
    # explain/student.py
    "moving {student} with {others} breaks: {rules}":
        "déplacer {student} avec {others} enfreint : {rules}",
    "moving {student} with {others} to {project}":
        "déplacer {student} avec {others} sur {project}",
    "no single move or swap keeps the rules; {how} costs {points}":
        "aucun déplacement ni échange simple ne respecte les règles ; {how} coûte {points}",
    "swapping {student} with {partner} (who goes to {team})":
        "échanger {student} avec {partner} (qui va sur {team})",
    "{how} would gain {points}": "{how} ferait gagner {points}",
    "no single move or swap keeps the rules ({details})":
        "aucun déplacement ni échange simple ne respecte les règles ({details})",
    "moving {student} to {project}": "déplacer {student} sur {project}",
    "no single move or swap gains; the best, {how}, costs {points}":
        "aucun déplacement ni échange simple ne fait gagner ; le meilleur, {how}, coûte "
        "{points}",
    "{how} is a tie (no points lost)": "{how} est une égalité (aucun point perdu)",
    "every single move or swap putting {student} there breaks a rule: {rules}":
        "tout déplacement ou échange simple qui y place {student} enfreint une règle : {rules}",
    "no formation of these {count} teams ({teams}) keeps the rules with {student} on "
    "{project}":
        "aucune répartition de ces {count} équipes ({teams}) ne respecte les règles avec "
        "{student} sur {project}",
    "no single move or swap gains (the best costs {points})":
        "aucun déplacement ni échange simple ne fait gagner (le meilleur coûte {points})",
    "moving {student} breaks: {rules}": "déplacer {student} enfreint : {rules}",
    "the best swap breaks: {rules}": "le meilleur échange enfreint : {rules}",
    "re-solving these {count} teams ({teams}) with {student} on {project} costs {points}":
        "re-résoudre ces {count} équipes ({teams}) avec {student} sur {project} coûte "
        "{points}",
    "re-solving these {count} teams ({teams}) with {student} on {project} found nothing "
    "cheaper in {seconds:.1f} s; the best costs at least {points}":
        "re-résoudre ces {count} équipes ({teams}) avec {student} sur {project} n'a rien "
        "trouvé de moins cher en {seconds:.1f} s ; le mieux coûte au moins {points}",
    "re-solving these {count} teams ({teams}) with {student} on {project} costs at most "
    "{points} (at least {lower}; not proven in {seconds:.1f} s)":
        "re-résoudre ces {count} équipes ({teams}) avec {student} sur {project} coûte au "
        "plus {points} (au moins {lower} ; non prouvé en {seconds:.1f} s)",
    "the rules fix {student} on {project}": "les règles placent {student} sur {project}",
    "{student} ranked no project: any team is as good for them":
        "{student} n'a classé aucun projet : toute équipe lui convient autant",
    "re-solving these {count} teams ({teams}) with {student} on {project} costs nothing "
    "(a tie)":
        "re-résoudre ces {count} équipes ({teams}) avec {student} sur {project} ne coûte "
        "rien (égalité)",
    "re-solving these {count} teams ({teams}) with {student} on {project} gains {points}":
        "re-résoudre ces {count} équipes ({teams}) avec {student} sur {project} fait gagner "
        "{points}",
}
