// Every text the page shows, in English (the key) and in French.
// t("English template {x}", {x: 1}) gives the text in the current language.

const FR = {
  "Team formation": "Formation des équipes",
  "Language": "Langue",
  "1. The cohort": "1. La promotion",
  "Students (CSV, XLSX, ODS)": "Étudiants (CSV, XLSX, ODS)",
  "Projects (CSV, XLSX, ODS)": "Idées de projet (CSV, XLSX, ODS)",
  "Rules (TOML, optional)": "Règles (TOML, facultatif)",
  "Upload": "Envoyer",
  "2. Weights and rules": "2. Poids et règles",
  "Weights": "Poids",
  "More terms (one per line: name = weight)": "Autres termes (un par ligne : nom = poids)",
  "Rules": "Règles",
  "allow students without a team": "autoriser des étudiants sans équipe",
  "top_k: only the first K choices": "top_k : seulement les K premiers choix",
  "{name} (attribute = count; ...)": "{name} (attribut = nombre ; ...)",
  "{name} (attribute = value, value; ...)": "{name} (attribut = valeur, valeur ; ...)",
  "{name} (term = value; ...)": "{name} (terme = valeur ; ...)",
  "{name} (one group of student ids per line)": "{name} (un groupe d'identifiants d'étudiants par ligne)",
  "Search": "Recherche",
  "time limit (s)": "limite de temps (s)",
  "Solve": "Former les équipes",
  "Re-solve around the locks": "Reformer autour des verrous",
  "Cancel": "Annuler",
  "Undo": "Défaire",
  "objective": "objectif",
  "rules broken": "règles enfreintes",
  "on their first choice": "sur leur premier choix",
  "in their top 3": "dans leurs 3 premiers choix",
  "Download the teams (CSV)": "Télécharger les équipes (CSV)",
  "Export": "Export",
  "mail merge": "publipostage",
  "summary (JSON)": "résumé (JSON)",
  "Download": "Télécharger",
  "Moodle course (short name)": "cours Moodle (nom abrégé)",
  "students known by": "étudiants identifiés par",
  "e-mail": "courriel",
  "id": "identifiant",
  "username": "nom d'utilisateur",
  "Download the report (HTML)": "Télécharger le rapport (HTML)",
  "Drag a student onto another team, or use its “move to…” menu. Locked students stay where they are when you re-solve.":
    "Glissez un étudiant sur une autre équipe, ou utilisez son menu « déplacer vers… ». Les étudiants verrouillés restent en place quand vous reformez les équipes.",
  "Explanation": "Explication",
  "Close": "Fermer",
  "Reading the files…": "Lecture des fichiers…",
  "{students} students, {ideas} ideas{name}": "{students} étudiants, {ideas} idées{name}",
  "The files were not read:": "Les fichiers n'ont pas été lus :",
  "file {file}": "fichier {file}",
  "row {row}": "ligne {row}",
  "column {column}": "colonne {column}",
  "value {value}": "valeur {value}",
  "queued…": "en attente…",
  "searching: {elapsed} s": "recherche : {elapsed} s",
  "objective {objective}": "objectif {objective}",
  "bound {bound}": "borne {bound}",
  "gap {gap}": "écart {gap}",
  "{solutions} solutions": "{solutions} solutions",
  "done: {status} in {elapsed} s": "terminé : {status} en {elapsed} s",
  "cancelled: the best teams found so far are shown": "annulé : les meilleures équipes trouvées jusque-là sont affichées",
  "cancelled before any team was found": "annulé avant qu'aucune équipe ne soit trouvée",
  "the search failed: {message}": "la recherche a échoué : {message}",
  "{size} members ({min_size} to {max_size})": "{size} membres (de {min_size} à {max_size})",
  "over-full: {size} members, at most {max_size}": "trop pleine : {size} membres, au plus {max_size}",
  "under-full: {size} members, at least {min_size}": "pas assez remplie : {size} membres, au moins {min_size}",
  "closed idea": "idée fermée",
  "optional idea": "idée facultative",
  "Without a team": "Sans équipe",
  "no team": "sans équipe",
  "choice {rank}": "choix {rank}",
  "unranked": "non classé",
  "Disciplines": "Disciplines",
  "Institutions": "Établissements",
  "move to…": "déplacer vers…",
  "Move {student} to another team": "Déplacer {student} vers une autre équipe",
  "Lock": "Verrouiller",
  "Unlock": "Déverrouiller",
  "Lock {student} on this team": "Verrouiller {student} sur cette équipe",
  "Unlock {student}": "Déverrouiller {student}",
  "Lock this team": "Verrouiller cette équipe",
  "Unlock this team": "Déverrouiller cette équipe",
  "locked": "verrouillé",
  "Explain": "Expliquer",
  "Explain the placement of {student}": "Expliquer le placement de {student}",
  "Explaining {student}…": "Explication de {student}…",
  "term": "terme",
  "weight": "poids",
  "value": "valeur",
  "weighted": "pondéré",
  "{count} of {total}": "{count} sur {total}",
  "Checking…": "Vérification…",
  "Nothing to undo.": "Rien à défaire.",
  "{field}: {text} is not of the form name = number": "{field} : {text} n'est pas de la forme nom = nombre",
  "{field}: {text} is not of the form attribute = value, value": "{field} : {text} n'est pas de la forme attribut = valeur, valeur",
  "weight {name}: {value} is not a whole number": "poids {name} : {value} n'est pas un nombre entier",
  "the server did not answer: {message}": "le serveur n'a pas répondu : {message}",
  "the server answered {status}": "le serveur a répondu {status}",
  "Preferences: {ids}": "Préférences : {ids}",
  "binding rules: {rules}": "règles qui contraignent : {rules}",
  "{who} has no team.": "{who} n'a pas d'équipe.",
  "{who} is on {project}, their choice {rank} of {count}.": "{who} est sur {project}, son choix {rank} sur {count}.",
  "{who} is on {project} (a project they did not rank).": "{who} est sur {project} (un projet non classé).",
  "Downloaded {name}": "Téléchargé : {name}",
  "{count} locked": "{count} verrouillés",
};

const DICTS = { en: {}, fr: FR };
let current = "en";

/** The language the browser asks for: "fr" for any French, else "en". */
export function browserLanguage() {
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
  return String(langs[0] || "en").toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** Show texts in `lang` ("en" or "fr") from now on. */
export function setLanguage(lang) {
  current = lang === "fr" ? "fr" : "en";
  document.documentElement.lang = current;
}

/** The current language. */
export function language() {
  return current;
}

/** `template` in the current language, its {placeholders} replaced by `params`. */
export function t(template, params = {}) {
  const text = DICTS[current][template] ?? template;
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

/** `template` itself: marks a text to translate later (as gettext's N_), so that the test of
 *  the French texts finds it. */
export const N_ = (template) => template;

/** Translate every element of `root` carrying data-i18n (its text; its {name}: the element's
 *  data-i18n-name) or data-i18n-label (its aria-label and title). The key is kept in the
 *  attribute, so switching back works. */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n, el.dataset.i18nName ? { name: el.dataset.i18nName } : {});
  }
  for (const el of root.querySelectorAll("[data-i18n-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nLabel));
    el.title = t(el.dataset.i18nLabel);
  }
  document.title = t("Team formation");
}
