from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("discovery", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="TextVector",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("model", models.CharField(max_length=80)),
                ("digest", models.CharField(max_length=40)),
                ("vector", models.BinaryField()),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("model", "digest"),
                                                        name="discovery_one_vector_per_text")],
            },
        ),
        migrations.CreateModel(
            name="OverlapSnapshot",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("computed_at", models.DateTimeField(verbose_name="beräknad")),
                ("seconds", models.FloatField(default=0.0)),
                ("source", models.CharField(help_text="the state of the change log the result was computed from",
                                            max_length=64)),
                ("engine", models.CharField(max_length=20)),
                ("payload", models.JSONField(default=dict)),
            ],
            options={"get_latest_by": "computed_at"},
        ),
    ]
