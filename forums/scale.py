"""Scale data for the forum benchmarks: a board with a topic of 10 posts and a topic of
10,000 posts, written in bulk, and a team leader to read them."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from forums import markdown
from forums.models import Board, Post, Topic
from forums.search import posts_index
from lms.models import User
from lms.roles import Role

SIZES = {"bench-topic-10": 10, "bench-topic-10000": 10_000}
READER = "leader@scale.manara.test"
TEXT = "ملاحظة رقم {n} عن **تنظيم الحشود** عند باب السلام، انظر https://example.org/guide"


def bench_reader() -> User:
    reader, created = User.objects.get_or_create(
        email=READER,
        defaults={
            "first_name": "Scale",
            "last_name": "Leader",
            "section": "men",
            "id_number": "L00000001",
            "id_type": "passport",
        },
    )
    if created:
        reader.groups.add(Group.objects.get(name=Role.TEAM_LEADER.value))
    return reader


@transaction.atomic
def generate() -> None:
    reader = bench_reader()
    board, _created = Board.objects.get_or_create(
        slug="bench-board", defaults={"title": "Bench board"}
    )
    authors = list(
        User.objects.filter(email__endswith="@scale.manara.test").order_by("pk")[:50]
    ) or [reader]
    for title, size in SIZES.items():
        topic = Topic.objects.filter(board=board, title=title).first()
        if topic is not None and topic.post_count >= size:
            continue
        now = timezone.now()
        topic = topic or Topic.objects.create(board=board, title=title, author=authors[0])
        start = topic.post_count
        posts = []
        for n in range(start + 1, size + 1):
            body = TEXT.format(n=n)
            posts.append(
                Post(
                    topic=topic,
                    number=n,
                    author=authors[n % len(authors)],
                    body=body,
                    body_html=markdown.render(body).html,
                )
            )
        Post.objects.bulk_create(posts, batch_size=2000)
        posts_index(Post.objects.filter(topic=topic, number__gt=start))
        Topic.objects.filter(pk=topic.pk).update(
            post_count=size, last_post_at=now, last_post_author=authors[(size) % len(authors)]
        )
    Board.objects.filter(pk=board.pk).update(
        topic_count=Topic.objects.filter(board=board).count(),
        post_count=sum(SIZES.values()),
        last_post_at=timezone.now(),
    )
