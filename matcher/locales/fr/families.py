"""French texts of the cohort families of ``matcher sample``."""

MESSAGES: dict[str, str] = {
    "unknown cohort family {name!r}; known: {known}":
        "famille de cohorte inconnue : {name!r} ; connues : {known}",
    "{option}: {value} is not a share between 0 and 1":
        "{option} : {value} n'est pas une part comprise entre 0 et 1",
    "--min-size and --max-size go together": "--min-size et --max-size vont ensemble",
    "--min-size {low} is larger than --max-size {high}":
        "--min-size {low} est plus grand que --max-size {high}",
    "--format: {value!r} is neither csv nor excel-fr":
        "--format : {value!r} n'est ni csv ni excel-fr",
    "cold_share {share}: the mandatory ideas hold {held} students at their minimum size, "
    "fewer than the {need} asked for":
        "cold_share {share} : les idées obligatoires accueillent {held} étudiants à leur "
        "taille minimale, moins que les {need} demandés",
}
