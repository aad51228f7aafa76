"""The first statements (Swedish and English), written after the self-assessment of December 2026; the
programme office keeps them current in the admin."""

import datetime as dt

from django.db import migrations

REVIEWED = dt.date(2026, 12, 1)

STATEMENTS = {
    "sv": {
        "organisation": "Stockholms stad",
        "alternatives": "Kontakta programkontoret om du behöver innehåll i ett annat format, till exempel en "
                        "rapport som text i stället för PDF, eller hjälp att anmäla dig till ett seminarium.",
        "testing": "Vi har gjort en självskattning (intern testning) av Mötesplats. Varje sida testas "
                   "automatiskt, på svenska och engelska och i varje roll, med axe-core mot WCAG 2.1 nivå A och "
                   "AA, med tangentbord och i 320 pixlars bredd. Diagram har en tabell och en CSV-fil med samma "
                   "siffror.",
        "shortcomings": [
            ("non_compliant", "PDF-rapporterna skapas automatiskt och är taggade (PDF/UA-1), men har inte "
                              "granskats manuellt med skärmläsare.", "1.3.1, 2.4.2",
             "Manuell granskning under första kvartalet 2027. Samma siffror finns under Insikt som tabeller."),
            ("non_compliant", "Administrationsgränssnittet som programkontoret använder (Django admin) har inte "
                              "granskats mot WCAG 2.1 AA.", "",
             "Granskas under 2027; det vanliga arbetet görs på webbplatsens egna sidor."),
            ("non_compliant", "Den interaktiva API-dokumentationen (/api/docs) kommer från verktyget Swagger UI och "
                              "har inte granskats fullt ut.", "",
             "API-beskrivningen finns också som fil (/api/openapi.json)."),
            ("out_of_scope", "Text som deltagare skriver, till exempel rundabordens anteckningar, publiceras som "
                             "den skrevs.", "", ""),
        ],
    },
    "en": {
        "organisation": "The City of Stockholm",
        "alternatives": "Contact the programme office if you need content in another format, for instance a "
                        "report as text instead of PDF, or help to register for a seminar.",
        "testing": "We have made a self-assessment (internal testing) of Mötesplats. Every page is tested "
                   "automatically, in Swedish and English and in every role, with axe-core against WCAG 2.1 "
                   "level A and AA, with the keyboard and at a width of 320 pixels. Charts come with a table and "
                   "a CSV file of the same figures.",
        "shortcomings": [
            ("non_compliant", "The PDF reports are made automatically and are tagged (PDF/UA-1), but have not "
                              "been reviewed by hand with a screen reader.", "1.3.1, 2.4.2",
             "Manual review in the first quarter of 2027. The same figures are on the Insight page as tables."),
            ("non_compliant", "The administration interface the programme office uses (Django admin) has not been "
                              "reviewed against WCAG 2.1 AA.", "",
             "To be reviewed in 2027; the everyday work is done on the site's own pages."),
            ("non_compliant", "The interactive API documentation (/api/docs) comes from the Swagger UI tool and has "
                              "not been fully reviewed.", "",
             "The API description is also available as a file (/api/openapi.json)."),
            ("out_of_scope", "Text written by participants, such as the round tables' notes, is published as "
                             "written.", "", ""),
        ],
    },
}


def create(apps, schema_editor):
    Statement = apps.get_model("accessibility", "Statement")
    Shortcoming = apps.get_model("accessibility", "Shortcoming")
    for language, text in STATEMENTS.items():
        if Statement.objects.filter(language=language).exists():
            continue
        statement = Statement.objects.create(
            language=language, organisation=text["organisation"], compliance="partial",
            alternatives=text["alternatives"], testing=text["testing"],
            contact_email="programkontoret@motesplats.example", response_days=5,
            published_on=REVIEWED, reviewed_on=REVIEWED)
        for order, (kind, description, criteria, plan) in enumerate(text["shortcomings"]):
            Shortcoming.objects.create(statement=statement, kind=kind, description=description,
                                       criteria=criteria, plan=plan, order=order)


class Migration(migrations.Migration):
    dependencies = [("accessibility", "0001_statement_and_barrier_reports")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
