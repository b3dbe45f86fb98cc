"""Translations of the English message templates (see :mod:`matcher.i18n`)."""
