"""News with comments: safe formatting, an image with alt text, moderation with a reason, reports, feeds."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motesplats.news import services
from motesplats.news.formatting import render_markdown
from motesplats.news.models import Comment, CommentReport, Post

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def post(organiser: Any, event: Any) -> Post:
    return services.post_save(title="Rapport från seminariet", body="**Tack** till alla!", summary="Kort om dagen",
                              events=[event], publish=True, by=organiser)


def test_formatting_keeps_markdown_and_drops_scripts_and_javascript_links() -> None:
    html = render_markdown("## Rubrik\n\n**fet** <script>alert(1)</script> <img src=x onerror=alert(1)>"
                           "\n\n[bra](https://stockholm.se) [dålig](javascript:alert(1))")
    assert "<h2>Rubrik</h2>" in html and "<strong>fet</strong>" in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html
    assert 'href="https://stockholm.se"' in html and "javascript:" not in html


def test_only_the_programme_office_writes_posts(client: Any, make_user: Any, organiser: Any) -> None:
    member = make_user("m@example.se", role="member")
    with pytest.raises(services.NotAllowed):
        services.post_save(title="x", body="y", publish=True, by=member)
    client.force_login(member)
    assert client.get("/news/new/").status_code == 403


def test_a_post_with_an_image_needs_alt_text_and_a_real_image(organiser: Any, media: Any) -> None:
    with pytest.raises(services.NewsError):
        services.post_save(title="Bild", body="Text", image=SimpleUploadedFile("a.png", PNG), image_alt="",
                           publish=True, by=organiser)
    with pytest.raises(services.NewsError):
        services.post_save(title="Bild", body="Text", image=SimpleUploadedFile("a.png", b"<svg>"),
                           image_alt="En bild", publish=True, by=organiser)
    post = services.post_save(title="Bild", body="Text", image=SimpleUploadedFile("a.png", PNG),
                              image_alt="Deltagare vid ett runt bord", publish=True, by=organiser)
    assert post.image.name.startswith("news/") and (media / post.image.name).exists()
    assert Post.objects.count() == 1


def test_the_post_page_links_events_and_projects_and_takes_comments(client: Any, post: Any, reader: Any,
                                                                    event: Any) -> None:
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<strong>Tack</strong>" in page and event.get_absolute_url() in page
    response = client.post(post.get_absolute_url(), {"body": "Bra dag!"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(reader)
    response = client.post(post.get_absolute_url(), {"body": "Bra dag! <b>fett</b>"})
    assert response.status_code == 302
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Bra dag! &lt;b&gt;fett&lt;/b&gt;" in page  # comments are plain text


def test_moderation_hides_or_deletes_with_a_reason_everyone_sees(client: Any, post: Any, reader: Any,
                                                                 organiser: Any) -> None:
    comment = services.comment_create(post=post, body="Köp billiga klockor", by=reader)
    with pytest.raises(services.NewsError):
        services.comment_moderate(comment=comment, action="hide", reason=" ", by=organiser)
    with pytest.raises(services.NotAllowed):
        services.comment_moderate(comment=comment, action="hide", reason="Reklam", by=reader)
    client.force_login(organiser)
    client.post(f"/news/comments/{comment.pk}/moderate/", {"action": "hide", "reason": "Reklam"})
    client.logout()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Reklam" in page and "billiga klockor" not in page
    services.comment_moderate(comment=comment, action="delete", reason="Spam", by=organiser)
    comment.refresh_from_db()
    assert comment.body == "" and comment.status == "deleted"
    with pytest.raises(services.NewsError):
        services.comment_moderate(comment=comment, action="restore", reason="", by=organiser)


def test_reporting_a_comment_reaches_the_programme_office_once(client: Any, post: Any, reader: Any,
                                                               make_user: Any, organiser: Any) -> None:
    comment = services.comment_create(post=post, body="Otrevligt", by=make_user("x@example.se"))
    client.force_login(reader)
    assert client.post(f"/news/comments/{comment.pk}/report/", {"reason": "Personangrepp"}).status_code == 302
    client.post(f"/news/comments/{comment.pk}/report/", {"reason": "Igen"})
    assert CommentReport.objects.count() == 1
    client.force_login(organiser)
    assert "Personangrepp" in client.get("/news/reports/").content.decode()
    services.comment_moderate(comment=comment, action="hide", reason="Personangrepp", by=organiser)
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()


def test_feeds_and_home_page_show_published_posts_only(client: Any, post: Any, organiser: Any) -> None:
    services.post_save(title="Hemligt utkast", body="Ej klart", publish=False, by=organiser)
    rss = client.get("/news/feed/rss/")
    atom = client.get("/news/feed/atom/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    for body in (rss.content.decode(), atom.content.decode()):
        assert "Rapport från seminariet" in body and "Hemligt utkast" not in body
    home = client.get("/").content.decode()
    assert "Rapport från seminariet" in home and "Hemligt utkast" not in home
    assert "Hemligt utkast" not in client.get("/news/").content.decode()
    assert client.get("/news/hemligt-utkast/").status_code == 404


def test_gdpr_export_and_erasure_of_comments(post: Any, reader: Any) -> None:
    from motesplats.news.gdpr import gdpr_erase_hook, gdpr_export_hook

    services.comment_create(post=post, body="Min åsikt", by=reader)
    assert gdpr_export_hook(reader, None)["news_comments"][0]["text"] == "Min åsikt"
    gdpr_erase_hook(reader, None)
    comment = Comment.objects.get()
    assert comment.body == "" and comment.author is None and comment.author_name == ""
