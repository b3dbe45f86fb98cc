"""French texts of the wishes and avoid columns, and of rotations (new_teammates)."""

MESSAGES: dict[str, str] = {
    # matcher/cli/output.py, matcher/report/html.py
    "{granted} of {expressed} ({satisfied} of the {wishers} students who wished have at least "
    "one)":
        "{granted} sur {expressed} ({satisfied} des {wishers} étudiants ayant formulé un vœu en "
        "ont au moins un)",
    "wishes granted": "vœux exaucés",
    "{granted} of {expressed}": "{granted} sur {expressed}",
    "{satisfied} of the {wishers} students who wished to work with a classmate have at least "
    "one wish granted":
        "{satisfied} des {wishers} étudiants qui souhaitaient travailler avec un camarade ont au "
        "moins un vœu exaucé",
    # matcher/constraints/avoid.py
    "{asker} listed {other} in their avoid column":
        "{asker} a indiqué {other} dans sa colonne « à éviter »",
    "{a} and {b} each listed the other in their avoid column":
        "{a} et {b} se sont mutuellement indiqués dans leur colonne « à éviter »",
    "{a} and {b} are together on {project}, but {reason}":
        "{a} et {b} sont ensemble sur {project}, or {reason}",
    "{a} and {b} on different teams ({reason})":
        "{a} et {b} dans des équipes différentes ({reason})",
    # matcher/constraints/new_teammates.py, matcher/rules.py
    "{students} were teammates in former team {team!r} ({column}) and are together again on "
    "{project}; at most {k} may be":
        "{students} étaient coéquipiers dans l'ancienne équipe {team!r} ({column}) et sont de "
        "nouveau ensemble sur {project} ; au plus {k} peuvent l'être",
    "no two former teammates ({column}) in one new team":
        "pas deux anciens coéquipiers ({column}) dans une même nouvelle équipe",
    "at most {k} members of a former team ({column}) in one new team":
        "au plus {k} membres d'une ancienne équipe ({column}) dans une même nouvelle équipe",
    "unknown column {column!r}: no student attribute holds former teams (known: {known})":
        "colonne inconnue {column!r} : aucun attribut des étudiants ne porte ce nom d'ancienne "
        "équipe (connus : {known})",
    "{students} (former team {team!r}, {column}) keep out its other members ({outside})":
        "{students} (ancienne équipe {team!r}, {column}) en écartent les autres membres "
        "({outside})",
    "{inside} keeps {other} out ({reason})": "{inside} écarte {other} ({reason})",
    # matcher/teammates.py (explain)
    "{student} (on {project})": "{student} (sur {project})",
    "{student} (no team)": "{student} (sans équipe)",
    "wishes granted: {students}": "vœux exaucés : {students}",
    "wishes not granted: {students}": "vœux non exaucés : {students}",
    "wished for by: {students}": "souhaité par : {students}",
    "kept apart, as asked, from: {students}": "tenu à l'écart, comme demandé, de : {students}",
    # matcher/io/people.py
    "a student cannot name themself here": "un étudiant ne peut pas se citer lui-même ici",
    "is it the right row? a homonym needs the id or e-mail":
        "est-ce la bonne ligne ? un homonyme se désigne par son identifiant ou son e-mail",
    "several students bear this name: {students}":
        "plusieurs étudiants portent ce nom : {students}",
    "write the student's id or e-mail instead":
        "écrivez plutôt l'identifiant ou l'e-mail de l'étudiant",
    "did you mean {students}?": "vouliez-vous dire {students} ?",
    "no student of this file has this id, e-mail or full name":
        "aucun étudiant de ce fichier n'a cet identifiant, cet e-mail ou ce nom complet",
    "{student} is both wished ({wishes}) and avoided ({avoid})":
        "{student} est à la fois souhaité ({wishes}) et à éviter ({avoid})",
    # matcher/teammates.py
    "student {student} both wishes to be with {other} and avoids them":
        "l'étudiant {student} souhaite à la fois être avec {other} et l'éviter",
    "student {student} names themself in {field}":
        "l'étudiant {student} se cite lui-même dans {field}",
    "student {student} names unknown student {other!r} in {field}":
        "l'étudiant {student} cite un étudiant inconnu {other!r} dans {field}",
    "did you mean student {id!r}?": "vouliez-vous dire l'étudiant {id!r} ?",
    "student {student} names {other} twice in {field}":
        "l'étudiant {student} cite {other} deux fois dans {field}",
}
