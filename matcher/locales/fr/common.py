"""French texts shared by several commands."""

MESSAGES: dict[str, str] = {
    "error": "erreur",
    "warning": "avertissement",
    "note": "note",
}
