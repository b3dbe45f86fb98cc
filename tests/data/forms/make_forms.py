"""Write the form-export fixtures of this directory (run once; the files are committed).

    PYTHONPATH=/path/to/xlwt python tests/data/forms/make_forms.py

* ``projets.csv``: the project ideas, as Google Sheets downloads them (UTF-8, ``,``, quoted
  titles holding commas);
* ``google_titres.csv``: Google Forms answers whose "Choix 1..3" hold project *titles*, one
  student answering twice (the rows sorted by name, so the later answer comes first);
* ``google_grille.csv``: a ranking grid ("Classez les projets [Titre]", cells "1er choix"...);
* ``microsoft_forms.xlsx``: a Microsoft Forms workbook (``ID``, start and completion times as
  date cells, the e-mail, a ranking question ``A;B;C;``), one student answering twice;
* ``etudiants.ods`` (LibreOffice, sheets "Réponses" and "Brouillon") and ``etudiants.xls``
  (Excel 97-2003): canonical columns, a blank row, numbers and dates as typed cells.

xlwt (for the ``.xls``) is not a dependency of the project: install it anywhere to rerun.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

HERE = Path(__file__).parent

PROJECTS = [
    ("P01", "Jardin partagé, Bagatelle", 2, 4, "", "oui"),
    ("P02", "Vélo-école", 2, 4, "", "non"),
    ("P03", "Fablab de quartier", 2, 4, "", "oui"),
    ("P04", "Café réparation", 2, 4, "", "oui"),
    ("P05", "Rénovation énergétique participative, Purpan", 2, 4, "", "oui"),
]
HEAD = ["Horodateur", "Adresse e-mail", "Nom complet", "Quelle est votre discipline ?",
        "Établissement"]
PEOPLE = [
    ("ambre.faure@etu.fr", "Ambre Fauré", "Sociologie", "Université Toulouse Jean Jaurès"),
    ("chloe.roux@etu.fr", "Chloé Roux", "Design", "Université Toulouse Capitole"),
    ("hugo.petit@etu.fr", "Hugo Petit", "Biologie", "Université Toulouse III"),
    ("ines.dubois@etu.fr", "Inès Dubois", "Informatique", "INSA Toulouse"),
    ("jules.andre@etu.fr", "Jules André", "Économie", "TBS Education"),
    ("lea.bonnet@etu.fr", "Léa Bonnet", "Biologie", "INSA Toulouse"),
    ("leo.martin@etu.fr", "Léo Martin", "Droit", "Université Toulouse Capitole"),
    ("nathan.blanc@etu.fr", "Nathan Blanc", "Droit", "INSA Toulouse"),
    ("theo.nguyen@etu.fr", "Théo Nguyên", "Informatique", "Université Toulouse III"),
    ("zoe.lefevre@etu.fr", "Zoé Lefèvre", "Design", "INSA Toulouse"),
]
T = [p[1] for p in PROJECTS]


def write_csv(name: str, rows: list[list[object]]) -> None:
    with open(HERE / name, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)


def projects() -> None:
    write_csv("projets.csv", [["Code", "Intitulé", "Taille min", "Taille max", "Porteur",
                               "Optionnel"], *[list(p) for p in PROJECTS]])


def google_titles() -> None:
    # titles as the form offers them; a few typed by hand in other cases and accents
    choices = [
        [T[4], T[0], T[2]], [T[0], T[2], ""], ["velo-ecole", T[3], T[4]], [T[2], T[3], ""],
        [T[4], T[1], T[0]], [T[2], "jardin partage,  bagatelle", T[1]], [T[1], T[0], T[3]],
        [T[1], T[3], T[0]], [T[3], T[1], ""],
    ]
    rows: list[list[object]] = [[*HEAD, "Choix 1", "Choix 2", "Choix 3"]]
    for k, (person, picks) in enumerate(zip(PEOPLE, choices, strict=False)):
        rows.append([f"1{k}/09/2025 09:{10 + k}:03", *person, *picks])
    # Zoé answered twice; the sheet was sorted by name, so her later answer comes first
    rows.append(["14/09/2025 18:02:40", *PEOPLE[9], T[4], T[1], T[2]])
    rows.append(["12/09/2025 09:14:03", *PEOPLE[9], T[0], T[1], ""])
    write_csv("google_titres.csv", rows)


def google_grid() -> None:
    ranks = ["1er choix", "2e choix", "3e choix"]
    rows: list[list[object]] = [[*HEAD, *[f"Classez les projets [{t}]" for t in T]]]
    for k, person in enumerate(PEOPLE[:6]):
        cells = [""] * len(T)
        for r, j in enumerate([(k + s) % len(T) for s in (0, 2, 1)]):
            cells[j] = ranks[r]
        rows.append([f"12/09/2025 1{k}:00:00", *person, *cells])
    write_csv("google_grille.csv", rows)


def microsoft_forms() -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Form1"
    sheet.append(["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom",
                  "Quelle est votre discipline ?", "Établissement",
                  "Classez les projets par ordre de préférence"])
    start = dt.datetime(2025, 9, 12, 9, 0)
    answers = [
        (PEOPLE[0], [1, 0, 2, 3, 4]), (PEOPLE[1], [4, 2, 0, 1, 3]), (PEOPLE[2], [2, 1, 0, 4, 3]),
        (PEOPLE[3], [0, 4, 1, 2, 3]), (PEOPLE[4], [3, 2, 1, 0, 4]), (PEOPLE[5], [2, 0, 1, 3, 4]),
        (PEOPLE[1], [0, 1, 2, 3, 4]),  # Chloé again, later: this answer is kept
    ]
    for n, (person, order) in enumerate(answers, start=1):
        begin = start + dt.timedelta(hours=3 * n)
        sheet.append([n, begin, begin + dt.timedelta(minutes=4), person[0], person[1],
                      person[2], person[3], "".join(f"{T[j]};" for j in order)])
    workbook.save(HERE / "microsoft_forms.xlsx")


CANONICAL = ["id", "name", "discipline", "institution", "preferences", "year", "inscrit le"]
ROWS = [
    ["S1", "Zoé Lefèvre", "design", "INSA", "P01;Vélo-école", 3, dt.date(2025, 9, 1)],
    ["S2", "Léo Martin", "droit", "UT1", "P02;P01", 4, dt.date(2025, 9, 2)],
    None,  # a blank row: the next record is still on the row a spreadsheet shows
    ["S3", "Inès Dubois", "informatique", "INSA", "Fablab de quartier;P04", 5,
     dt.date(2025, 9, 3)],
    ["S4", "Hugo Petit", "biologie", "UT3", "P04;P03", 2, dt.date(2025, 9, 4)],
]


def ods() -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()

    def cell(value: object) -> TableCell:
        if isinstance(value, int):
            c = TableCell(valuetype="float", value=value)
        elif isinstance(value, dt.date):
            c = TableCell(valuetype="date", datevalue=value.isoformat())
        else:
            c = TableCell(valuetype="string")
        if value is not None and value != "":
            c.addElement(P(text=str(value)))
        return c

    for title, rows in (("Réponses", [CANONICAL, *ROWS]), ("Brouillon", [["notes"], ["x"]])):
        table = Table(name=title)
        for values in rows:
            row = TableRow()
            for value in values or [""]:
                row.addElement(cell(value))
            table.addElement(row)
        doc.spreadsheet.addElement(table)
    doc.save(str(HERE / "etudiants.ods"))


def xls() -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Feuil1")
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, values in enumerate([CANONICAL, *ROWS]):
        for c, value in enumerate(values or []):
            if isinstance(value, dt.date):
                sheet.write(r, c, value, dates)
            else:
                sheet.write(r, c, value)
    book.save(str(HERE / "etudiants.xls"))


if __name__ == "__main__":
    projects()
    google_titles()
    google_grid()
    microsoft_forms()
    ods()
    xls()
