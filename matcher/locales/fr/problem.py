"""French texts of input validation: the problem, its rules and weights, the config, the JSON
request, error locations and pydantic's own messages."""

MESSAGES: dict[str, str] = {
    # the arguments of a library call (matcher/arguments.py)
    "expected an integer": "un nombre entier est attendu",
    "expected a mapping of term name to integer weight":
        "une table nom de terme -> poids entier est attendue",
    "expected at least 1 search thread": "au moins 1 fil de recherche est attendu",
    "expected a finite number": "un nombre fini est attendu",
    "expected a number of seconds above 0, or None for no limit":
        "un nombre de secondes supérieur à 0 est attendu, ou None pour aucune limite",
    "expected a relative gap of at least 0": "un écart relatif d'au moins 0 est attendu",
    "expected a mapping of student id to project id or None, e.g. {example}":
        "une table identifiant d'étudiant -> identifiant de projet ou None est attendue, "
        "par exemple {example}",
    "a student id must be text": "un identifiant d'étudiant doit être un texte",
    "a project id must be text, or None for no team":
        "un identifiant de projet doit être un texte, ou None pour aucune équipe",
    "the progress callback raised {error}; the search stopped with the best teams found":
        "la fonction de progression a levé {error} ; la recherche s'est arrêtée avec les "
        "meilleures équipes trouvées",
    # where an error is (matcher/errors.py, matcher/cli/common.py)
    "row {row}": "ligne {row}",
    "line {row}": "ligne {row}",
    "column '{column}'": "colonne '{column}'",
    "key '{key}'": "clé '{key}'",
    "option {option}": "option {option}",
    "value {value!r}": "valeur {value!r}",
    "{count} problems in the input:": "{count} problèmes dans les données :",
    "... and {more} more": "... et {more} autres",
    "did you mean {suggestion!r}?": "vouliez-vous dire {suggestion!r} ?",
    # pydantic's own messages (matcher/errors.py)
    "Field required": "champ obligatoire",
    "Extra inputs are not permitted": "champ inconnu, non autorisé",
    "Input should be a valid integer": "un nombre entier est attendu",
    "Input should be a valid integer, unable to parse string as an integer":
        "un nombre entier est attendu, ce texte n'en est pas un",
    "Input should be a valid integer, got a number with a fractional part":
        "un nombre entier est attendu, pas un nombre à virgule",
    "Input should be a valid number": "un nombre est attendu",
    "Input should be a valid number, unable to parse string as a number":
        "un nombre est attendu, ce texte n'en est pas un",
    "Input should be a valid string": "un texte est attendu",
    "Input should be a valid boolean": "une valeur vrai/faux est attendue",
    "Input should be a valid boolean, unable to interpret input":
        "une valeur vrai/faux est attendue (true ou false), cette valeur n'est pas comprise",
    "Input should be a valid list": "une liste est attendue",
    "Input should be a valid tuple": "une liste est attendue",
    "Input should be a valid dictionary": "un objet (dictionnaire) est attendu",
    "Input should be a valid dictionary or instance of {class_name}":
        "un objet (dictionnaire) ou un {class_name} est attendu",
    "Input should be greater than {gt}": "la valeur doit être supérieure à {gt}",
    "Input should be greater than or equal to {ge}":
        "la valeur doit être supérieure ou égale à {ge}",
    "Input should be less than {lt}": "la valeur doit être inférieure à {lt}",
    "Input should be less than or equal to {le}": "la valeur doit être inférieure ou égale à {le}",
    "String should have at least {min_length} character(s)":
        "le texte doit compter au moins {min_length} caractère(s)",
    "Input should be {expected}": "valeur attendue : {expected}",
    # the problem (matcher/problem.py)
    "the id is empty": "l'identifiant est vide",
    "did you mean {suggestion!r}? {value!r} is its title; preferences name project ids":
        "vouliez-vous dire {suggestion!r} ? {value!r} est son titre ; les vœux donnent "
        "l'identifiant du projet",
    "duplicate student id {student!r} (also record {record})":
        "identifiant d'étudiant {student!r} en double (aussi à l'enregistrement {record})",
    "attribute names {names} are reserved": "les noms d'attribut {names} sont réservés",
    "duplicate project id {project!r} (also record {record})":
        "identifiant de projet {project!r} en double (aussi à l'enregistrement {record})",
    "project {project}: min_size cannot be negative":
        "projet {project} : min_size ne peut pas être négatif",
    "project {project}: min_size must be at least 1 (an open team has members; make the idea "
    "optional if it may stay empty)":
        "projet {project} : min_size doit valoir au moins 1 (une équipe ouverte a des membres ; "
        "rendez l'idée facultative si elle peut rester vide)",
    "project {project}: max_size cannot be negative":
        "projet {project} : max_size ne peut pas être négatif",
    "project {project}: min_size {min_size} is larger than max_size {max_size}":
        "projet {project} : min_size {min_size} dépasse max_size {max_size}",
    "project {project} lists a proposer twice": "le projet {project} cite deux fois un porteur",
    "proposer {student!r} of project {project} is not a student":
        "le porteur {student!r} du projet {project} n'est pas un étudiant de la cohorte",
    "student {student} ranks project {project} twice (ranks {first} and {second})":
        "l'étudiant {student} classe deux fois le projet {project} (rangs {first} et {second})",
    "student {student} ranks unknown project {project!r}":
        "l'étudiant {student} classe un projet inconnu, {project!r}",
    "student {student} refuses unknown project {project!r}":
        "l'étudiant {student} refuse un projet inconnu, {project!r}",
    "student {student} both ranks and refuses project {project}":
        "l'étudiant {student} classe et refuse à la fois le projet {project}",
    "student {student} proposes {projects}, which must all open: a student can be on only one "
    "team":
        "l'étudiant {student} porte {projects}, qui doivent tous ouvrir : un étudiant ne peut "
        "être que dans une seule équipe",
    "make all but one of these ideas optional, or name another proposer":
        "rendez toutes ces idées sauf une facultatives, ou nommez un autre porteur",
    " and ": " et ",
    # the rules (matcher/rules.py)
    "unknown student {student!r}": "étudiant inconnu {student!r}",
    "unknown project {project!r}": "projet inconnu {project!r}",
    "unknown attribute {attribute!r} (known: {known})":
        "attribut inconnu {attribute!r} (connus : {known})",
    "{rule}.{attribute} must be at least 1, got {k}":
        "{rule}.{attribute} doit valoir au moins 1, reçu {k}",
    "a {rule} group needs at least two students, got {group}":
        "un groupe {rule} doit compter au moins deux étudiants, reçu {group}",
    # scoring terms (matcher/registry.py)
    "unknown scoring term {name!r}; known: {known}":
        "terme de score inconnu {name!r} ; termes connus : {known}",
    "scoring term {kind!r} needs an attribute: write {kind}.<attribute>, e.g. {kind}.gender":
        "le terme de score {kind!r} demande un attribut : écrivez {kind}.<attribut>, par "
        "exemple {kind}.gender",
    "scoring term {kind!r} takes no attribute (got {name!r})":
        "le terme de score {kind!r} ne prend pas d'attribut (reçu {name!r})",
    # pairwise dissimilarity (matcher/dissimilarity.py)
    "weight of {attribute!r} must not be negative, got {weight}":
        "le poids de {attribute!r} ne peut pas être négatif, reçu {weight}",
    "ids given without a matrix": "des identifiants sont donnés sans matrice",
    "an id is listed twice": "un identifiant figure deux fois",
    "the matrix must be {n} x {n} (one row and column per listed id)":
        "la matrice doit être de taille {n} x {n} (une ligne et une colonne par identifiant "
        "listé)",
    "the matrix must be {n} x {n} (one row and column per student)":
        "la matrice doit être de taille {n} x {n} (une ligne et une colonne par étudiant)",
    "the matrix is not symmetric: d[{a},{b}] = {ab} but d[{b},{a}] = {ba}":
        "la matrice n'est pas symétrique : d[{a},{b}] = {ab} mais d[{b},{a}] = {ba}",
    # the config file (matcher/config.py)
    "unknown section [{section}]; known sections: {known}":
        "section inconnue [{section}] ; sections connues : {known}",
    "unknown key {key!r} in [{section}]; known keys: {known}":
        "clé inconnue {key!r} dans [{section}] ; clés connues : {known}",
    "weight {name!r} must be a whole number, got {value!r}":
        "le poids {name!r} doit être un nombre entier, reçu {value!r}",
    "known terms: {known}": "termes connus : {known}",
    "config file not found": "fichier de configuration introuvable",
    "expected a TOML file, got a directory": "un fichier TOML est attendu, pas un dossier",
    "not valid TOML: {error}": "TOML invalide : {error}",
    "not valid TOML: the file is not UTF-8 text":
        "TOML invalide : le fichier n'est pas un texte UTF-8",
    # the JSON request (matcher/cli/json_api.py)
    "file not found": "fichier introuvable",
    "expected a JSON file, got a directory": "un fichier JSON est attendu, pas un dossier",
    "the file is not UTF-8 text": "le fichier n'est pas un texte UTF-8",
    "not valid JSON: {error}": "JSON invalide : {error}",
    "line {line}, column {column}": "ligne {line}, colonne {column}",
    'expected a JSON object: a problem, or {"problem": ...}':
        'un objet JSON est attendu : un problème, ou {"problem": ...}',
    "unknown schema {schema!r}; known: {known}":
        "schéma inconnu {schema!r} ; schémas connus : {known}",
    # output paths (matcher/io/write.py)
    "the output path is a directory": "le chemin de sortie est un dossier",
    "the output directory does not exist": "le dossier de sortie n'existe pas",
    "create {directory!r} first": "créez d'abord {directory!r}",
    "refusing to write over the input file {name!r}":
        "refus d'écrire par-dessus le fichier d'entrée {name!r}",
    "choose another output path": "choisissez un autre chemin de sortie",
    "the id has an invisible character, U+{code:04X} {name}, at position {at}: an id that "
    "looks like another is refused; remove it":
        "l'identifiant contient un caractère invisible, U+{code:04X} {name}, en position "
        "{at} : un identifiant qui en imite un autre est refusé ; retirez-le",
    "a control character": "un caractère de contrôle",
}
"""Translations of the English message templates (see :mod:`matcher.i18n`)."""
