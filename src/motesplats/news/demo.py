"""Demo news: a published post about the series' next seminar, with one comment. Idempotent."""

from __future__ import annotations

from typing import Any, TextIO

from django.utils import timezone

from .models import Comment, Post

SLUG = "valkommen-till-motesplats"
BODY = """Mötesplats samlar stadens smarta projekt: vem gör vad, vem samlar in vilken data och vem borde träffas.

Vid **nästa seminarium** fortsätter vi med speed dating och rundabordssamtal. Uppföljningarna från förra
gången står på programmet.

- Anmäl dig på seminariets sida
- Ingen inloggning? Anmäl dig som gäst"""


def load(stdout: TextIO | None = None) -> dict[str, Any]:
    from motesplats.accounts.models import User
    from motesplats.events.models import Event

    from .formatting import render_markdown

    if Post.objects.filter(slug=SLUG).exists():
        return {"created": False}
    organiser = User.objects.filter(role="organiser").order_by("pk").first()
    post = Post.objects.create(title="Välkommen till Mötesplats", slug=SLUG, summary="Om seminarieserien och "
                               "nästa seminarium.", body=BODY, body_html=render_markdown(BODY), author=organiser,
                               published_at=timezone.now())
    upcoming = Event.objects.filter(status="publicerad").order_by("starts_at").first()
    if upcoming is not None:
        post.events.add(upcoming)
    member = User.objects.filter(role="member", person__isnull=False).order_by("pk").first()
    if member is not None:
        Comment.objects.create(post=post, author=member, author_name=member.person.name,
                               body="Ser fram emot rundabordssamtalen!")
    if stdout is not None:
        stdout.write("  Nyheter: 1 inlägg\n")
    return {"created": True, "post": post}
