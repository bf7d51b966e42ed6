from django.db import migrations, models


def crashes_to_error(apps, schema_editor):
    """A crashed solve used to store {"crash": "..."} as its result: it is not a result."""
    Scenario = apps.get_model("portfolio", "PortfolioScenario")
    for scenario in Scenario.objects.exclude(result=None):
        if isinstance(scenario.result, dict) and set(scenario.result) == {"crash"}:
            scenario.error = str(scenario.result["crash"])
            scenario.result = None
            scenario.save(update_fields=["error", "result"])


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0003_claimed_at")]

    operations = [
        migrations.AddField(
            model_name="portfolioscenario",
            name="error",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(crashes_to_error, migrations.RunPython.noop),
    ]
