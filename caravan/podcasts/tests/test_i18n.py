"""The player's and the archive's words in Russian (the app's own catalogue)."""

from django.utils import translation
from django.utils.translation import gettext as _

from caravan.podcasts.jinja2tags import audio_size, episode_length


def test_the_player_speaks_russian():
    with translation.override("ru"):
        assert _("Playback speed") == "Скорость воспроизведения"
        assert _("Transcript") == "Расшифровка"
        assert _("Podcast episodes") == "Выпуски подкастов"  # in site search
        assert _("Listen:") == "Слушать:"  # under related articles
        # The show's section, in the admin.
        assert _("Choose a section in the show's language.") == (
            "Выберите раздел на языке подкаста."
        )
        assert episode_length(3700) == "1 ч 2 мин"
        assert audio_size(12_300_000) == "12.3 МБ"
    assert episode_length(45) == "45 s"
    assert episode_length(125) == "2 min"
