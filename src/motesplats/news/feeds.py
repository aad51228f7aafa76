"""The news as RSS 2.0 and Atom 1.0 (django.contrib.syndication)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Post

ITEMS = 20


class NewsFeed(Feed):
    title = _("Mötesplats Smart stad: nyheter")
    description = _("Nyheter från programkontoret för stadens smarta projekt.")

    def link(self) -> str:
        from django.urls import reverse

        return reverse("news:index")

    def items(self) -> list[Post]:
        return list(selectors.published_posts()[:ITEMS])

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.body_html  # sanitised when saved (formatting.render_markdown)

    def item_pubdate(self, item: Post) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Post) -> datetime:
        return item.updated


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
