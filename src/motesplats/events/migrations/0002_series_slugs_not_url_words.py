"""A series whose slug is a word the paths use at a series' place ("new" since the paths became English, "ny"
before) could not be reached: it gets the first free `<slug>-2`, `<slug>-3`, ... as new series do."""

from django.db import migrations

WORDS = ("new", "ny")  # series/new/ (today) and serie/ny/ (the old path, still redirected)


def rename(apps, schema_editor):
    Series = apps.get_model("events", "Series")
    taken = set(Series.objects.values_list("slug", flat=True))
    for series in Series.objects.filter(slug__in=WORDS):
        number = 2
        while f"{series.slug}-{number}" in taken:
            number += 1
        series.slug = f"{series.slug}-{number}"
        taken.add(series.slug)
        series.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
