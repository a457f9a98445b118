"""Evaluate suggested articles and country detection on labelled sets imported
WITHOUT tags or countries (as from a WordPress export with none).

    .venv/bin/python bench/related_eval.py [--set tuning|held-out]
        [--data FILE] [--data-ru FILE] [--failures]

Two sets per language: "tuning" (bench/data/related-eval*.tsv), which the
weights were chosen on, and "held-out" (bench/data/related-heldout*.tsv),
written afterwards by someone who had not seen the subject thesaurus or the
weights: its figures are the honest ones.

Builds a throwaway SQLite site, adds the English set to an English section and
the Russian set to a Russian one (its own locale), no tags or countries, then
prints per language:
  precision@4 on topic: the share of the four suggestions under each article
    whose topic label equals the article's ("before": the tag/country/section
    ranking of caravan.news; "after": stored related articles, caravan.related);
  the same for the old ranking once the gazetteer filled in countries;
  the ceiling (a topic of n articles offers an article at most n - 1 right
    suggestions) and chance;
  precision and recall of detected countries against the labels.
``--failures`` also prints every article with an off-topic suggestion: the four
shown, their topics and the terms they share (what made them match).
Writes bench/results/<date>-related-eval[-held-out].md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
K = 4
SETS = {
    "tuning": ("bench/data/related-eval.tsv", "bench/data/related-eval-ru.tsv"),
    "held-out": (
        "bench/data/related-heldout.tsv",
        "bench/data/related-heldout-ru.tsv",
    ),
}


def _shown(path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def load(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        topic, countries, days, title, text = line.split("\t")
        standfirst, _, body = text.partition(". ")
        rows.append(
            {
                "topic": topic,
                "countries": set(countries.split(",")),
                "days": int(days),
                "title": title,
                "standfirst": standfirst + ".",
                "body": body,
            }
        )
    return rows


def precision_at(suggest, articles, topic_of, k=K) -> float:
    hits = total = 0
    for article in articles:
        shown = suggest(article)[:k]
        total += k
        hits += sum(topic_of[s.pk] == topic_of[article.pk] for s in shown)
    return hits / total


def ceiling(articles, topic_of, k=K) -> float:
    sizes: dict[str, int] = {}
    for a in articles:
        sizes[topic_of[a.pk]] = sizes.get(topic_of[a.pk], 0) + 1
    return sum(min(sizes[topic_of[a.pk]] - 1, k) for a in articles) / (
        k * len(articles)
    )


def chance(articles, topic_of) -> float:
    return sum(
        (sum(topic_of[b.pk] == topic_of[a.pk] for b in articles) - 1)
        / (len(articles) - 1)
        for a in articles
    ) / len(articles)


def build(section, rows, factories, now):
    articles, topic_of, labels = [], {}, {}
    for row in rows:
        article = factories.make_article(
            section,
            title=row["title"],
            standfirst=row["standfirst"],
            body=[{"type": "paragraph", "value": f"<p>{row['body']}</p>"}],
            date_published=now - dt.timedelta(days=row["days"]),
        )
        articles.append(article)
        topic_of[article.pk] = row["topic"]
        labels[article.pk] = row["countries"]
    return articles, topic_of, labels


def fill_countries(articles, labels) -> tuple[float, float]:
    """Countries from the gazetteer, as `import_wordpress --auto-countries`
    does; returns precision and recall against the labels."""
    from caravan.news.models import Country
    from caravan.related.gazetteer import detect_countries
    from caravan.related.text import article_parts

    tp = fp = fn = 0
    for article in articles:
        parts = article_parts(article)
        found = set(
            detect_countries(
                headline=parts["headline"],
                text=f"{parts['standfirst']} {parts['body']}",
            )
        )
        tp += len(found & labels[article.pk])
        fp += len(found - labels[article.pk])
        fn += len(labels[article.pk] - found)
        countries = [
            Country.objects.get_or_create(
                slug=code.lower(), defaults={"name": code, "iso_code": code}
            )[0]
            for code in sorted(found)
        ]
        article.countries.set(countries)
        article.save_revision().publish()
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def print_failures(name, articles, topic_of, suggest) -> None:
    from caravan.related.models import ArticleTerms

    vectors = dict(ArticleTerms.objects.values_list("article_id", "vector"))
    print(f"\n## Off-topic suggestions ({name})")
    for article in articles:
        shown = suggest(article)[:K]
        if all(topic_of[s.pk] == topic_of[article.pk] for s in shown):
            continue
        right = sum(topic_of[s.pk] == topic_of[article.pk] for s in shown)
        print(f"\n[{topic_of[article.pk]}] {article.title} ({right}/{K})")
        mine = vectors.get(article.pk, {})
        for s in shown:
            theirs = vectors.get(s.pk, {})
            shared = sorted(
                set(mine) & set(theirs), key=lambda t: -mine[t] * theirs[t]
            )[:5]
            mark = "ok " if topic_of[s.pk] == topic_of[article.pk] else "OFF"
            print(f"  {mark} [{topic_of[s.pk]}] {s.title}  shares: {', '.join(shared)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=sorted(SETS), default="tuning")
    parser.add_argument("--data", help="the English set (default: by --set)")
    parser.add_argument("--data-ru", help="the Russian set ('' to skip)")
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args()
    english, russian = SETS[args.set]
    args.data = args.data or str(ROOT / english)
    if args.data_ru is None:
        args.data_ru = str(ROOT / russian)
    tmp = tempfile.mkdtemp(prefix="related-eval-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/eval.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caravan.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.utils import timezone
    from wagtail.models import Locale

    from caravan.caching import memo
    from caravan.news.suggestions import suggested_articles
    from caravan.news.tests import factories
    from caravan.related.backfill import backfill
    from caravan.related.selectors import related_articles

    home = factories.make_home()
    now = timezone.now()
    sets = [("English", factories.make_section(home, "News", slug="news"), args.data)]
    if args.data_ru:
        ru = Locale.objects.get_or_create(language_code="ru")[0]
        ru_home = home.copy_for_translation(ru)
        ru_home.save_revision().publish()
        ru_section = factories.make_section(ru_home, "Новости", slug="novosti")
        sets.append(("Russian", ru_section, args.data_ru))
    built = []
    for name, section, path in sets:
        rows = load(Path(path))
        built.append((name, path, *build(section, rows, factories, now)))

    def old(a):
        return suggested_articles(article=a)

    def new(a):
        return related_articles(article=a)

    results = {}
    memo.clear_all()
    for name, _path, articles, topic_of, _labels in built:
        results[name] = {"before": precision_at(old, articles, topic_of)}
    for name, _path, articles, _topic_of, labels in built:
        results[name]["country"] = fill_countries(articles, labels)
    memo.clear_all()
    # Fresh objects: a page reads its tags and countries once (``relations``).
    built = [
        (name, path, [type(a).objects.get(pk=a.pk) for a in articles], t, labels)
        for name, path, articles, t, labels in built
    ]
    for name, _path, articles, topic_of, _labels in built:
        results[name]["countries"] = precision_at(old, articles, topic_of)
    backfill(progress=False)
    for name, _path, articles, topic_of, _labels in built:
        results[name]["after"] = precision_at(new, articles, topic_of)
        if args.failures:
            print_failures(name, articles, topic_of, new)

    lines = [
        "# Related articles: evaluation on labelled sets imported without tags or "
        "countries",
        "",
        f"Command: `.venv/bin/python bench/related_eval.py --set {args.set}` "
        f"({dt.date.today()})",
    ]
    for name, path, articles, topic_of, _labels in built:
        r = results[name]
        lines += [
            "",
            f"## {name}: {len(articles)} articles, "
            f"{len(set(topic_of.values()))} topics "
            f"(`{_shown(path)}`)",
            "",
            "| measure | value |",
            "|---|---|",
            f"| precision@{K} on topic, ceiling (topic sizes) "
            f"| {ceiling(articles, topic_of):.2f} |",
            f"| precision@{K} on topic, by chance | {chance(articles, topic_of):.2f} |",
            f"| precision@{K} on topic, before (tags/countries/section, none set) "
            f"| {r['before']:.2f} |",
            f"| precision@{K} on topic, before + gazetteer countries "
            f"| {r['countries']:.2f} |",
            f"| precision@{K} on topic, after (caravan.related) | {r['after']:.2f} |",
            f"| country detection precision | {r['country'][0]:.2f} |",
            f"| country detection recall | {r['country'][1]:.2f} |",
        ]
    print("\n".join(lines))
    suffix = "" if args.set == "tuning" else f"-{args.set}"
    out = ROOT / "bench/results" / f"{dt.date.today()}-related-eval{suffix}.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nWritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
