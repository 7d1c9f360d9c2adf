from django.db import migrations


def record_past_completions(apps, schema_editor):
    """Enrolments completed before completions were kept each get their one completion."""
    Enrolment = apps.get_model("courses", "Enrolment")
    CourseCompletion = apps.get_model("courses", "CourseCompletion")
    CourseCompletion.objects.bulk_create(
        CourseCompletion(
            enrolment_id=enrolment.pk, user_id=enrolment.user_id,
            course_key=enrolment.course_key, completed_at=enrolment.completed_at,
            expires_at=enrolment.expires_at,
        )
        for enrolment in Enrolment.objects.filter(completed_at__isnull=False).iterator()
    )


class Migration(migrations.Migration):
    dependencies = [("courses", "0005_course_completions")]

    operations = [migrations.RunPython(record_past_completions, migrations.RunPython.noop)]
