"""French texts: one module per area, each with ``MESSAGES = {english_template: french_text}``."""
