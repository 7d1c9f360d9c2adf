"""The knowledge base: volunteers' rights, duties, procedures and questions as Wagtail pages,
and each person's acknowledgement of the articles that ask for one.

An article and its translations share one Wagtail ``translation_key``; acknowledgements are
stored against that key, so accepting the Arabic article counts for its Urdu translation.
An article's ``major_version`` starts at 1 and goes up by one when the editor publishes a
revision marked as major; every translation of the article carries the same number, and an
acknowledgement of an older version no longer counts.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from lms.admin_forms import ManaraPageForm
from lms.models import Section
from lms.pages import ServedByView, route_to_child
from lms.search import plain_text


class KnowledgeBaseIndexPage(ServedByView, Page):
    """The knowledge base of one language: an introduction, a search box, the topics, and
    for a signed-in volunteer the articles still waiting for their acknowledgement."""

    serve_view = "knowledge_base.views.index_page"

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["knowledge_base.TopicPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "knowledge_base/knowledge_base_index_page.html"

    class Meta:
        verbose_name = _("knowledge base")

    def route(self, request, path_components):
        if path_components:
            return route_to_child(self, request, path_components, TopicPage)
        return super().route(request, path_components)


class TopicPage(ServedByView, Page):
    """A topic of the knowledge base, such as "Your rights" or "Lost pilgrims"; its articles
    are its child pages, listed in the order of the page tree."""

    serve_view = "knowledge_base.views.topic_page"

    intro = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["knowledge_base.KnowledgeBaseIndexPage"]
    subpage_types = ["knowledge_base.ArticlePage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "knowledge_base/topic_page.html"

    class Meta:
        verbose_name = _("knowledge base topic")
        verbose_name_plural = _("knowledge base topics")

    def route(self, request, path_components):
        if path_components:
            return route_to_child(self, request, path_components, ArticlePage)
        return super().route(request, path_components)


class ArticleKind(models.TextChoices):
    RIGHT = "right", pgettext_lazy("kind of article: an entitlement", "Right")
    DUTY = "duty", _("Duty")
    PROCEDURE = "procedure", _("Procedure")
    QUESTION = "question", _("Question and answer")


class Audience(models.TextChoices):
    """Who reads an article. "Everyone" includes visitors without an account, so that
    people read their rights and duties before they register."""

    EVERYONE = "everyone", _("Everyone")
    VOLUNTEERS = "volunteers", _("Volunteers")
    TEAM_LEADERS = "team_leaders", _("Team leaders")


class ArticlePageForm(ManaraPageForm):
    """The editor opens every edit with "major revision" unticked: the box describes the
    revision being written now, never an earlier one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "is_major_revision" in self.fields:
            self.initial["is_major_revision"] = False


class ArticlePage(ServedByView, Page):
    """An article: a right, a duty, a procedure or a question and answer, for an audience
    and optionally one section. Editors may ask readers to acknowledge it ("I have read and
    accept"); ticking "major revision" before publishing asks everyone to accept again, a
    minor edit (a typo, a phone number) does not."""

    serve_view = "knowledge_base.views.article_page"

    kind = models.CharField(_("kind"), max_length=12, choices=ArticleKind.choices)

    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.VOLUNTEERS
    )
    section = models.CharField(
        _("section"),
        max_length=5,
        choices=Section.choices,
        blank=True,
        help_text=_("Leave empty for both sections."),
    )
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = RichTextField(
        _("body"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"]
    )
    requires_acknowledgement = models.BooleanField(
        _("requires acknowledgement"),
        default=False,
        help_text=_('Readers must confirm "I have read and accept" this article.'),
    )
    is_major_revision = models.BooleanField(
        _("major revision"),
        default=False,
        help_text=_(
            "Tick when this revision changes what readers accept: everyone who acknowledged "
            "the article is asked to acknowledge it again once it is published."
        ),
    )
    # Maintained on save, never edited: see ``save``.
    major_version = models.PositiveIntegerField(_("major version"), default=1, editable=False)

    base_form_class = ArticlePageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("audience"), FieldPanel("section")],
            heading=_("Kind and audience"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("requires_acknowledgement"), FieldPanel("is_major_revision")],
            heading=_("Acknowledgement"),
        ),
    ]
    parent_page_types = ["knowledge_base.TopicPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("audience"),
        index.FilterField("section"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("summary"),
        TranslatableField("body"),
        SynchronizedField("kind"),
        SynchronizedField("audience"),
        SynchronizedField("section"),
        SynchronizedField("requires_acknowledgement"),
        SynchronizedField("is_major_revision"),
    ]
    template = "knowledge_base/article_page.html"

    class Meta:
        verbose_name = _("knowledge base article")
        verbose_name_plural = _("knowledge base articles")
        indexes = [models.Index(fields=["requires_acknowledgement"], name="kb_article_ack_idx")]

    def search_text(self) -> tuple[str, str]:
        """The words search finds this article by: its title, and its summary and body as
        plain text (see ``knowledge_base.search``)."""
        return self.title, " ".join([self.summary, plain_text(self.body or "")])

    def save(self, *args, **kwargs):
        """Besides saving: keep the major version the article's own. A page rebuilt from a
        revision carries the version of the day the revision was written; the stored one
        wins, and goes up by one when a revision marked major is published for the first
        time (republishing it changes nothing)."""
        if self.pk and kwargs.get("update_fields") is None:
            stored = (
                ArticlePage.objects.filter(pk=self.pk)
                .values("major_version", "live_revision_id", "first_published_at")
                .first()
            )
            if stored is not None:
                self.major_version = stored["major_version"]
                newly_published = (
                    self.live
                    and self.live_revision_id is not None
                    and self.live_revision_id != stored["live_revision_id"]
                    and stored["first_published_at"] is not None
                )
                if newly_published and self.is_major_revision:
                    self.major_version = self._next_major_version()
        # The stored row never asks for another bump; the revision keeps the editor's tick.
        self.is_major_revision = False
        return super().save(*args, **kwargs)

    def _next_major_version(self) -> int:
        """Called while a revision marked major is published: the next major version of the
        article, given to every translation at once so they all ask for the same version."""
        family = ArticlePage.objects.filter(translation_key=self.translation_key)
        version = (family.aggregate(version=models.Max("major_version"))["version"] or 1) + 1
        family.exclude(pk=self.pk).update(major_version=version)
        return version


class Acknowledgement(models.Model):
    """Someone's "I have read and accept" of one major version of an article (all its
    translations). Rows are never changed: accepting a new version adds a row, so the
    history of what each person accepted, and when, is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    article_key = models.UUIDField(_("article"))
    version = models.PositiveIntegerField(_("version"))
    article = models.ForeignKey(
        ArticlePage,
        verbose_name=_("article page"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=_("The translation that was read."),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article_key", "version"], name="kb_one_ack_per_version"
            )
        ]
        # Readiness checks ask "who of these people accepted these articles".
        indexes = [models.Index(fields=["article_key", "user"], name="kb_ack_article_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.article_key} v{self.version}"


class ArticleTerm(models.Model):
    """One term (a folded, stemmed word: ``lms.search``) of a published article, and how
    much it weighs there: written when the article is published, removed when it is
    unpublished or deleted (``knowledge_base.search``). Search looks terms up through the
    index on ``term``, so a query reads only the articles that hold its words. ``language``,
    ``audience`` and ``section`` are the article's, copied so that search keeps to what the
    reader may read (``rules.visible_to`` applies to this table as to the articles) without
    reading the pages; ``article_index`` writes them, and saving an article keeps them in
    step."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=64)
    # tf / (tf + 1.2), doubled for a word of the title: BM25's saturating term frequency.
    weight = models.FloatField()
    in_title = models.BooleanField(default=False)
    language = models.CharField(max_length=8)
    audience = models.CharField(max_length=12, default=Audience.VOLUNTEERS)
    section = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "term"], name="kb_article_term_unique")
        ]
        # Covers the search query, which then reads the index alone. On PostgreSQL the
        # pattern operator class serves both ``term IN (...)`` and ``term LIKE 'x%'`` (the
        # other classes are the columns' defaults); SQLite ignores operator classes.
        indexes = [
            models.Index(
                fields=[
                    "term",
                    "language",
                    "audience",
                    "section",
                    "article",
                    "weight",
                    "in_title",
                ],
                opclasses=[
                    "varchar_pattern_ops",
                    "text_ops",
                    "text_ops",
                    "text_ops",
                    "int4_ops",
                    "float8_ops",
                    "bool_ops",
                ],
                name="kb_article_term_search_idx",
            )
        ]

    def __str__(self) -> str:
        return self.term
