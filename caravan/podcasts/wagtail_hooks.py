"""Episodes outside their show, through the hooks the article, author and
search pages call (those apps cannot import this one): see ``links.py``."""

from wagtail import hooks

from . import links

hooks.register("caravan_article_context", links.article_context)
hooks.register("caravan_author_context", links.author_context)
hooks.register("caravan_search_results", links.search_results)
hooks.register("caravan_archive_context", links.archive_context)
