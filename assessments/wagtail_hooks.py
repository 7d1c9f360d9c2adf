from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from assessments.models import H5PPackage, QuestionBank
from assessments.permissions import may_read_reports
from lms.menu import SITE_MENU_HOOK, SiteMenuItem


@hooks.register(SITE_MENU_HOOK)
def my_results_menu_item():
    return SiteMenuItem(
        label=gettext_lazy("My results"), url_name="assessment_my_results", order=700
    )


@hooks.register(SITE_MENU_HOOK)
def reports_menu_item():
    return SiteMenuItem(
        label=gettext_lazy("Assessment reports"),
        url_name="assessment_reports",
        order=1000,
        shown_to=may_read_reports,
    )


@hooks.register("manara_load_demo")
def load_demo_assessments(stdout) -> None:
    from assessments.demo import load_assessments

    bank = load_assessments()
    stdout.write(
        f"  assessments: question banks such as “{bank.title}”, in three languages, and a "
        "quiz at the end of each demo course"
    )


class H5PPackageViewSet(SnippetViewSet):
    """Trainers upload ``.h5p`` packages here and place them in lessons with the H5P
    activity block. Every upload is checked before anything is kept."""

    model = H5PPackage
    icon = "form"
    menu_label = gettext_lazy("H5P packages")
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        "title",
        "main_library",
        "language",
        Column("file_count", label=gettext_lazy("Files")),
        "media_hosts_waiting",
        "uploaded_at",
    ]
    search_fields = ["title", "main_library", "original_filename"]
    # The file is asked for only when adding: the edit form lacks it, so its panel hides.
    # Likewise the media hosts are confirmed at upload in one tick, then one by one here.
    panels = [
        FieldPanel("package_file"),
        FieldPanel("title"),
        FieldPanel("language"),
        FieldPanel("allow_media_hosts"),
        FieldPanel("media_hosts"),
    ]

    def get_form_class(self, for_update=False):
        from assessments.forms import H5PPackageEditForm, H5PPackageUploadForm

        return H5PPackageEditForm if for_update else H5PPackageUploadForm


register_snippet(H5PPackageViewSet)


class QuestionBankEditView(EditView):
    """The bank's editor, with a button for a true/false question in one step."""

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                gettext_lazy("True/false question"),
                url=reverse("assessments_true_false_add", args=[self.object.pk]),
                icon_name="plus",
                attrs={"data-true-false-add": ""},
            )
        ]


class QuestionBankViewSet(SnippetViewSet):
    """Trainers write a course's questions here (translated like pages) and place quizzes
    drawing from them in lessons with the Quiz block. A true/false question is one button
    away: its two choices are written for the trainer."""

    model = QuestionBank
    edit_view_class = QuestionBankEditView
    icon = "tasks"
    menu_label = gettext_lazy("Question banks")
    menu_order = 255
    add_to_admin_menu = True
    list_display = ["title", "course_name", "locale"]
    search_fields = ["title", "course_name"]


register_snippet(QuestionBankViewSet)


@hooks.register("register_admin_urls")
def question_bank_admin_urls():
    from assessments import admin_views

    return [
        path(
            "question-banks/<int:bank_id>/true-false/",
            admin_views.true_false_question_add,
            name="assessments_true_false_add",
        )
    ]


@hooks.register("after_delete_snippet")
def remove_package_files(request, instances):
    """A deleted package takes its archive and unpacked files with it."""
    from django.db import transaction

    from assessments.services import package_delete_files

    for instance in instances:
        if isinstance(instance, H5PPackage):
            transaction.on_commit(lambda package=instance: package_delete_files(package=package))
