"""French texts of the organisers' page's server side (``matcher/serve/pages.py``); the page's
own texts are in ``matcher/serve/static/i18n.js``."""

MESSAGES: dict[str, str] = {
    "no such file on this page: {name}": "aucun fichier de ce nom sur cette page : {name}",
}
