import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_boards(apps, schema_editor):
    """Give the terms already written their topic's board."""
    Topic = apps.get_model("forums", "Topic")
    PostTerm = apps.get_model("forums", "PostTerm")
    board = Topic.objects.filter(pk=OuterRef("topic_id")).values("board_id")[:1]
    PostTerm.objects.update(board_id=Subquery(board))


class Migration(migrations.Migration):
    # Each step in its own transaction: PostgreSQL does not alter a table whose rows were
    # just updated (their foreign key checks wait for the end of the transaction).
    atomic = False

    dependencies = [
        ("forums", "0003_search_terms"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="postterm",
            name="forums_post_term_lookup_idx",
        ),
        migrations.AddField(
            model_name="postterm",
            name="board",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="forums.board",
            ),
        ),
        migrations.RunPython(copy_boards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="postterm",
            name="board",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="forums.board",
            ),
        ),
        migrations.AddIndex(
            model_name="postterm",
            index=models.Index(
                fields=["term", "board", "hidden", "topic", "post", "weight"],
                name="forums_post_term_search_idx",
                opclasses=[
                    "varchar_pattern_ops",
                    "int8_ops",
                    "bool_ops",
                    "int8_ops",
                    "int8_ops",
                    "float8_ops",
                ],
            ),
        ),
    ]
