"""The demo's podcast: one show, three short episodes with transcripts. The
audio is seconds of silence made here (no recording in the repository, no
encoder needed); the artwork is a generated picture of the right size."""

from datetime import timedelta

from django.core.files.base import ContentFile

from caravan.podcasts.models import PodcastEpisodePage, PodcastShowPage
from caravan.podcasts.silence import silent_mp3

from .images import landscape_jpeg

SHOW_SLUG = "spotlight"
# The section whose page lists the show's episodes (with its country archives,
# from the episodes' countries).
SHOW_SECTION = "politics"
EPISODES = [
    (
        "water-and-the-aral-basin",
        "Water and the Aral basin",
        "Who gets the rivers' water when the snow melts early.",
        "nilufar-karimova",
        ["uzbekistan", "kazakhstan", "turkmenistan"],
        [
            "[00:00] Aigerim Sadykova: Welcome to Spotlight on Central Asia.",
            "[00:02] Nilufar Karimova: Thank you. Let's start with the Amu Darya.",
            "[00:04] Aigerim Sadykova: That's where we stop today. Thanks for listening.",
        ],
    ),
    (
        "the-middle-corridor",
        "The Middle Corridor",
        "Rail, ports and ferries: the trade route across the Caspian.",
        "timur-rakhimov",
        ["kazakhstan", "turkmenistan"],
        [
            "[00:00] Aigerim Sadykova: This week, the Middle Corridor.",
            "[00:03] Timur Rakhimov: Freight volumes doubled in two years.",
        ],
    ),
    (
        "elections-season",
        "Election season",
        "What to watch in the region's votes this year.",
        "timur-rakhimov",
        ["kazakhstan", "kyrgyzstan", "uzbekistan"],
        [
            "Aigerim Sadykova: A short episode, without times in its transcript.",
            "Timur Rakhimov: Which the page shows just the same.",
        ],
    ),
]


def load_demo_podcast(home, authors, images_for, now, *, sections, countries) -> int:
    """Creates the show and its episodes once; returns how many episodes it made.
    ``sections`` and ``countries``: the demo's, by slug."""
    show = PodcastShowPage.objects.child_of(home).filter(slug=SHOW_SLUG).first()
    if show is None:
        artwork = images_for(
            "Podcast artwork: Spotlight on Central Asia",
            landscape_jpeg("spotlight-podcast", size=(1400, 1400)),
            "spotlight-artwork.jpg",
        )
        show = PodcastShowPage(
            title="Spotlight on Central Asia",
            slug=SHOW_SLUG,
            description=(
                "Caravan's fortnightly conversation with the reporters behind the "
                "stories. Demo show: the episodes are a few seconds of silence."
            ),
            artwork=artwork,
            language="en",
            category="News|Politics",
            owner_name="Caravan",
            owner_email="podcast@caravan.example",
            copyright="© Caravan",
            show_in_menus=False,
            section=sections.get(SHOW_SECTION),
        )
        show.hosts = [authors["aigerim-sadykova"]]
        home.add_child(instance=show)
        show.save_revision().publish()
    made = 0
    existing = set(
        PodcastEpisodePage.objects.child_of(show).values_list("slug", flat=True)
    )
    for number, (slug, title, summary, guest, where, lines) in enumerate(EPISODES, 1):
        if slug in existing:
            continue
        seconds = 4 + number
        episode = PodcastEpisodePage(
            title=title,
            slug=slug,
            summary=summary,
            episode_number=number,
            season_number=1,
            date_published=now - timedelta(days=14 * (len(EPISODES) - number) + 1),
            duration=seconds,
            show_notes=f"<p>{summary} Demo episode: the audio is silence.</p>",
            transcript="\n".join(lines),
            chapters="00:00 Introduction\n00:02 The interview" if number == 1 else "",
            audio_file=ContentFile(silent_mp3(seconds), name=f"{slug}.mp3"),
        )
        episode.guests = [authors[guest]]
        episode.countries = [countries[c] for c in where if c in countries]
        episode.read_audio_facts()
        show.add_child(instance=episode)
        episode.save_revision().publish()
        made += 1
    return made
