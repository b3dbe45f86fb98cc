"""Reports of a formation for people to read (:mod:`matcher.report.html`)."""
