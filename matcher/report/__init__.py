"""Reports of a formation for people to read: the HTML report (:mod:`matcher.report.html`,
with every student's explanation in :mod:`matcher.report.explained`) and the teams file with
its workbook (:mod:`matcher.report.tables`)."""
