"""The fake Bot API server (fakes.BotAPI) and channels to post to."""

import pytest

from caravan.telegram.models import TelegramChannel

from .fakes import METHODS, TOKEN, BotAPI


@pytest.fixture
def bot(httpserver, settings):
    api = BotAPI()
    for method in METHODS:
        httpserver.expect_request(f"/bot{TOKEN}/{method}").respond_with_handler(api)
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_API_URL = httpserver.url_for("/")
    settings.WAGTAILADMIN_BASE_URL = "https://news.example"
    return api


@pytest.fixture
def channels(news_site):
    return {
        "all": TelegramChannel.objects.create(name="Caravan", chat_id="@caravan"),
        "energy": TelegramChannel.objects.create(
            name="Energy", chat_id="-1002", section=news_site["energy"]
        ),
        "ru": TelegramChannel.objects.create(
            name="Караван", chat_id="@caravan_ru", language="ru"
        ),
    }
