"""French texts of the exports (Moodle, Canvas, mail merge, Excel) and of contact details."""

MESSAGES: dict[str, str] = {
    # matcher/io/contacts.py
    "the e-mail column of student {student} does not hold an e-mail address":
        "la colonne e-mail de l'étudiant {student} ne contient pas une adresse e-mail",
    "write it as name@domain.tld": "écrivez-la sous la forme nom@domaine.fr",
    "student {student} has no e-mail address": "l'étudiant {student} n'a pas d'adresse e-mail",
    "add an 'email' column to the students file, or use e-mail addresses as student ids":
        "ajoutez une colonne 'email' au fichier des étudiants, ou prenez les adresses e-mail "
        "comme identifiants",
    "add first_name and last_name columns to the students file":
        "ajoutez des colonnes first_name et last_name (prénom, nom de famille) au fichier des "
        "étudiants",
    "student {student} has no name": "l'étudiant {student} n'a pas de nom",
    "cannot tell the first name from the last name of student {student}":
        "impossible de distinguer le prénom du nom de famille de l'étudiant {student}",
    "student {student} has a first name or a last name but not both":
        "l'étudiant {student} a un prénom ou un nom de famille, mais pas les deux",
    "student {student} has no username": "l'étudiant {student} n'a pas de nom d'utilisateur",
    "add a 'username' column to the students file":
        "ajoutez une colonne 'username' au fichier des étudiants",
    # matcher/io/export.py
    "Moodle usernames hold only a-z, 0-9, _, -, . and @; the username of student {student} "
    "has {chars}":
        "les noms d'utilisateur Moodle ne contiennent que a-z, 0-9, _, -, . et @ ; celui de "
        "l'étudiant {student} contient {chars}",
    "choose another --identifier, or add a 'username' column":
        "choisissez un autre --identifier, ou ajoutez une colonne 'username'",
    "{count} student(s) without a team left out of the file: {ids}":
        "{count} étudiant(s) sans équipe laissé(s) hors du fichier : {ids}",
    "{count} student(s) without a team: their rows say placed = no":
        "{count} étudiant(s) sans équipe : leurs lignes indiquent placed = no",
    "unknown export format": "format d'export inconnu",
    "known formats: {choices}": "formats connus : {choices}",
    "unknown identifier": "identifiant inconnu",
    "known identifiers: {choices}": "identifiants connus : {choices}",
    "the {format} export needs the course's short name":
        "l'export {format} demande le nom abrégé du cours",
    "e.g. --course MATH101, as in the course settings":
        "par exemple --course MATH101, comme dans les paramètres du cours",
    # matcher/cli/export.py
    "expected FORMAT=FILE": "FORMAT=FICHIER attendu",
    "e.g. --export moodle=groups.csv": "par exemple --export moodle=groupes.csv",
    "exports are CSV files": "les exports sont des fichiers CSV",
    "give a name ending in .csv": "donnez un nom qui finit par .csv",
    "this export has the same path as another output":
        "cet export a le même chemin qu'une autre sortie",
    "give each output its own name": "donnez à chaque sortie son propre nom",
    "cannot write the export: {error}": "impossible d'écrire l'export : {error}",
    "wrote {count} row(s) to {path} ({format})":
        "{count} ligne(s) écrite(s) dans {path} ({format})",
}
