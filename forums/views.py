"""Forum screens. Access is decided before anything else: anonymous visitors are sent to
sign in, plain volunteers get 404 for every forum address (the forums do not exist for
them), boards outside a member's scope are 404, moderation by anyone but office staff 403.
Rules live in services, actions and rules; views translate their outcomes."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums import actions, rules, selectors, services
from forums.forms import EditForm, MoveForm, PostForm, ReportForm, TopicForm
from forums.markdown import quote
from forums.models import PostAttachment, Report, Subscription


def forum_member_required(view):
    """Signed in, and a team leader, office staff or trainer; everyone else gets 404."""

    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not rules.may_use_forums(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return checked


def moderator_required(view):
    @forum_member_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not rules.may_moderate(request.user):
            raise PermissionDenied(_("Only office staff moderate the forums."))
        return view(request, *args, **kwargs)

    return checked


topic_url = selectors.topic_path
post_location = selectors.post_path


def refused(request, message: str, back: str = "") -> HttpResponse:
    """403 with the reason, in the reader's language."""
    context = {"message": message, "back": back}
    return TemplateResponse(request, "forums/refused.html", context, status=403)


@forum_member_required
def index(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "forums/index.html", selectors.forum_index(user=request.user))


@forum_member_required
def board(request: HttpRequest, slug: str) -> HttpResponse:
    context = selectors.board_page(user=request.user, slug=slug, page=request.GET.get("page"))
    return TemplateResponse(request, "forums/board.html", context)


@forum_member_required
def topic_create(request: HttpRequest, slug: str) -> HttpResponse:
    board = get_object_or_404(selectors.visible_boards(request.user), slug=slug)
    if not rules.may_post_in(request.user, board):
        return refused(request, _("This board is closed: nobody can post in it any more."))
    form = TopicForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topic = services.topic_create(
                board=board,
                author=request.user,
                title=data["title"],
                body=data["body"],
                uploads=data["attachments"],
            )
        except services.ForumError as refusal:
            form.add_error(None, refusal.message)
            status = 429 if isinstance(refusal, services.PostingTooFast) else 400
        else:
            messages.success(request, _("Your topic is posted."))
            return redirect(topic_url(topic.pk))
    context = {"board": board, "form": form}
    return TemplateResponse(request, "forums/topic_form.html", context, status=status)


@forum_member_required
def topic(request: HttpRequest, topic_id: int) -> HttpResponse:
    context = selectors.topic_page(
        user=request.user, topic_id=topic_id, page=request.GET.get("page")
    )
    topic = context["topic"]
    if context["may_moderate"]:
        context["move_form"] = MoveForm(topic=topic)
    shown = context["last_number_shown"]
    if shown > topic.last_read:
        services.topic_mark_read(user=request.user, topic=topic, number=shown)
    return TemplateResponse(request, "forums/topic.html", context)


@forum_member_required
def topic_unread(request: HttpRequest, topic_id: int) -> HttpResponse:
    page, number = selectors.first_unread_location(user=request.user, topic_id=topic_id)
    return redirect(topic_url(topic_id, page, number))


@forum_member_required
def reply(request: HttpRequest, topic_id: int) -> HttpResponse:
    """The reply form on its own page: to quote a post, or to correct a refused reply."""
    topic = selectors.topic_for(user=request.user, topic_id=topic_id)
    quoted = None
    initial = {}
    quote_id = request.POST.get("quote") or request.GET.get("quote")
    if quote_id and str(quote_id).isdigit():
        quoted = selectors.post_for(user=request.user, post_id=int(quote_id))
        if quoted.topic_id != topic.pk or quoted.is_hidden:
            raise Http404
        initial["body"] = quote(quoted.body, author=quoted.author.display_name)
    form = PostForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.post_create(
                topic=topic,
                author=request.user,
                body=data["body"],
                quoted_post=quoted,
                uploads=data["attachments"],
            )
        except services.ForumError as refusal:
            form.add_error(None, refusal.message)
            status = 429 if isinstance(refusal, services.PostingTooFast) else 400
        else:
            return redirect(post_location(post))
    elif request.method == "POST":
        status = 400
    context = {"topic": topic, "board": topic.board, "form": form, "quoted": quoted}
    return TemplateResponse(request, "forums/reply.html", context, status=status)


@forum_member_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_for(user=request.user, post_id=post_id)
    refusal = rules.edit_refusal(post=post, user=request.user)
    if refusal:
        return refused(request, refusal, post_location(post))
    form = EditForm(request.POST or None, initial={"body": post.body})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_edit(
                post=post, editor=request.user, body=form.cleaned_data["body"]
            )
        except services.ForumError as error:
            form.add_error(None, error.message)
            status = 400
        else:
            messages.success(request, _("Your post is saved."))
            return redirect(post_location(post))
    context = {"post": post, "topic": post.topic, "board": post.topic.board, "form": form}
    return TemplateResponse(request, "forums/edit.html", context, status=status)


@forum_member_required
def attachment(request: HttpRequest, post_id: int, file_id: int) -> HttpResponse:
    """A post's file, to those who may read the post; only files of that post."""
    post = selectors.post_for(user=request.user, post_id=post_id)
    link = get_object_or_404(
        PostAttachment.objects.select_related("file"), post=post, file_id=file_id
    )
    stored = link.file
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_filename or stored.label,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@forum_member_required
@require_POST
def post_report(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_for(user=request.user, post_id=post_id)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what is wrong with the post."))
        return redirect(post_location(post))
    try:
        services.report_create(post=post, reporter=request.user, reason=form.cleaned_data["reason"])
    except services.ForumError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Thank you: the moderators will look at this post."))
    return redirect(post_location(post))


def _run(request, action, success: str) -> bool:
    try:
        action.execute()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


@moderator_required
@require_POST
def post_hide(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_for(user=request.user, post_id=post_id)
    reason = request.POST.get("reason", "")
    _run(
        request,
        actions.HidePost(post=post, user=request.user, reason=reason),
        _("The post is hidden."),
    )
    return redirect(post_location(post))


@moderator_required
@require_POST
def post_unhide(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_for(user=request.user, post_id=post_id)
    reason = request.POST.get("reason", "")
    _run(
        request,
        actions.UnhidePost(post=post, user=request.user, reason=reason),
        _("The post is shown again."),
    )
    return redirect(post_location(post))


FLAGS = {
    "lock": ("is_locked", True, _("The topic is locked.")),
    "unlock": ("is_locked", False, _("The topic is open again.")),
    "pin": ("is_pinned", True, _("The topic is pinned.")),
    "unpin": ("is_pinned", False, _("The topic is no longer pinned.")),
}


@moderator_required
@require_POST
def topic_moderate(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_for(user=request.user, topic_id=topic_id)
    choice = FLAGS.get(request.POST.get("action", ""))
    if choice is None:
        raise Http404
    flag, value, success = choice
    action = actions.SetTopicFlag(
        topic=topic,
        user=request.user,
        flag=flag,
        value=value,
        reason=request.POST.get("reason", ""),
    )
    _run(request, action, str(success))
    return redirect(topic_url(topic.pk))


@moderator_required
@require_POST
def topic_move(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_for(user=request.user, topic_id=topic_id)
    form = MoveForm(request.POST, topic=topic)
    if not form.is_valid():
        messages.error(request, _("Choose a board and give a reason to move the topic."))
        return redirect(topic_url(topic.pk))
    action = actions.MoveTopic(
        topic=topic,
        user=request.user,
        board=form.cleaned_data["board"],
        reason=form.cleaned_data["reason"],
    )
    _run(
        request,
        action,
        _("The topic is moved to %(board)s.") % {"board": form.cleaned_data["board"].title},
    )
    return redirect(topic_url(topic.pk))


@moderator_required
def reports(request: HttpRequest) -> HttpResponse:
    context = selectors.report_queue(page=request.GET.get("page"))
    return TemplateResponse(request, "forums/reports.html", context)


@moderator_required
@require_POST
def report_handle(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("post__topic"), pk=report_id)
    hide = request.POST.get("decision") == "hide"
    action = actions.HandleReport(
        report=report, user=request.user, hide=hide, reason=request.POST.get("reason", "")
    )
    _run(
        request,
        action,
        _("The post is hidden and the report closed.") if hide else _("The report is dismissed."),
    )
    return redirect("forum_reports")


@forum_member_required
@require_POST
def subscription(request: HttpRequest) -> HttpResponse:
    """Follow or stop following a board or a topic (immediate email or daily digest)."""
    mode = request.POST.get("mode", "")
    if mode not in [*Subscription.Mode.values, "off"]:
        raise Http404
    board_id, topic_id = request.POST.get("board", ""), request.POST.get("topic", "")
    if topic_id.isdigit():
        target = {"topic": selectors.topic_for(user=request.user, topic_id=int(topic_id))}
        back = topic_url(target["topic"].pk)
    elif board_id.isdigit():
        found = get_object_or_404(selectors.visible_boards(request.user), pk=int(board_id))
        target = {"board": found}
        back = reverse("forum_board", kwargs={"slug": found.slug})
    else:
        raise Http404
    services.subscription_set(user=request.user, mode=None if mode == "off" else mode, **target)
    messages.success(
        request,
        {
            Subscription.Mode.IMMEDIATE: _("You will get an email for every new post."),
            Subscription.Mode.DIGEST: _("You will get one email a day with the new posts."),
            "off": _("You no longer follow it."),
        }[mode],
    )
    return redirect(back)


@forum_member_required
def search(request: HttpRequest) -> HttpResponse:
    context = selectors.search(
        user=request.user, query=request.GET.get("q", "")[:200], page=request.GET.get("page")
    )
    return TemplateResponse(request, "forums/search.html", context)
