from django.conf import settings
from django.db import migrations, models


def default_scenarios(apps, schema_editor):
    from ihya.priority.criteria import DEFAULT_SCENARIOS

    Scenario = apps.get_model("priority", "Scenario")
    for name, weights in DEFAULT_SCENARIOS.items():
        Scenario.objects.get_or_create(name=name, defaults={"method": "wsm", "weights": weights})


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="Scenario",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=120, unique=True, verbose_name="name")),
                ("method", models.CharField(default="wsm", max_length=12, verbose_name="method")),
                ("weights", models.JSONField(default=dict, verbose_name="weights")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "priority scenario",
                "verbose_name_plural": "priority scenarios",
                "ordering": ["id"],
                "permissions": [("edit_scenario", "Can save priority scenarios")],
            },
        ),
        migrations.RunPython(default_scenarios, migrations.RunPython.noop),
    ]
