"""Fill caravan/locale/ru/LC_MESSAGES/django.po from the RU table below.

Run after `manage.py makemessages -l ru`, then `manage.py compilemessages`
(or `python -m caravan.seo.i18n.fill_ru --compile`, which needs no GNU gettext).
"""

import ast
import sys
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "ru" / "LC_MESSAGES" / "django.po"

RU = {
    # Public pages
    "Skip to content": "Перейти к содержанию",
    "Sections": "Разделы",
    "Search": "Поиск",
    "Search articles": "Поиск по статьям",
    "Search the site": "Поиск по сайту",
    "Search results for “%(query)s”": "Результаты поиска по запросу «%(query)s»",
    "No articles match “%(query)s”. Try fewer or different words.": (
        "По запросу «%(query)s» ничего не найдено. Попробуйте другие слова."
    ),
    "Page not found": "Страница не найдена",
    "Sorry, we could not find that page. It may have moved, or the address may be "
    "mistyped.": (
        "К сожалению, такой страницы нет. Возможно, она перемещена или адрес "
        "набран с ошибкой."
    ),
    "Go to the home page": "На главную",
    "Pages": "Страницы",
    "Previous": "Назад",
    "Next": "Вперёд",
    "Viewing results %(start)s - %(end)s of %(total)s": (
        "Показаны результаты %(start)s–%(end)s из %(total)s"
    ),
    "Tag: %(name)s": "Тег: %(name)s",
    "Breadcrumb": "Навигационная цепочка",
    "Home": "Главная",
    "Tag": "Тег",
    "Country": "Страна",
    "By": "Автор:",
    "and": "и",
    "Updated": "Обновлено",
    "Topics": "Темы",
    "Suggested articles": "Рекомендуемые статьи",
    "Top story": "Главная новость",
    "Latest news": "Последние новости",
    "No articles have been published yet.": "Статей пока нет.",
    "There are no articles here yet.": "Здесь пока нет статей.",
    "About %(name)s": "Об авторе: %(name)s",
    "More articles from %(name)s": "Другие статьи автора: %(name)s",
    "Articles by %(name)s": "Статьи автора: %(name)s",
    "Staff": "Редакция",
    "Contributors": "Авторы",
    "Read also": "Читайте также",
    "Articles tagged “%(name)s”": "Статьи с тегом «%(name)s»",
    "News from %(name)s": "Новости: %(name)s",
    "Language": "Язык",
    "English": "Английский",
    "Russian": "Русский",
    "News": "Новости",
    "Analysis": "Аналитика",
    "Opinion": "Мнение",
    "Interview": "Интервью",
    "Digest": "Дайджест",
    # Rates and the ticker
    "Currency rates": "Курсы валют",
    "Official rates against the US dollar, from each country's central bank.": (
        "Официальные курсы к доллару США по данным центральных банков."
    ),
    "Demo data: these rates are generated around recorded real rates and are not "
    "real.": (
        "Демонстрационные данные: курсы сгенерированы на основе реальных и "
        "реальными не являются."
    ),
    "Latest rates and changes": "Последние курсы и изменения",
    "Currency": "Валюта",
    "1 US dollar buys": "За 1 доллар США",
    "1 unit in US dollars": "1 единица в долларах США",
    "1 day": "1 день",
    "7 days": "7 дней",
    "30 days": "30 дней",
    "1 year": "1 год",
    "Date": "Дата",
    "Source": "Источник",
    "latest available": "последний доступный",
    "Changes are of the number of units one US dollar buys.": (
        "Изменения — в количестве единиц валюты за один доллар США."
    ),
    "Changes are of the value of one unit in US dollars: up means the currency "
    "gained.": (
        "Изменения — в стоимости одной единицы в долларах США: рост означает "
        "укрепление валюты."
    ),
    "Converter": "Конвертер",
    "Convert": "Пересчитать",
    "History": "История",
    "Chart period": "Период графика",
    "CSV": "CSV",
    "history": "история",
    "From %(start)s to %(end)s, between %(low)s and %(high)s.": (
        "С %(start)s по %(end)s, от %(low)s до %(high)s."
    ),
    "Not enough data for a chart yet.": "Пока недостаточно данных для графика.",
    "Show as a table": "Показать таблицей",
    "sampled; the CSV has every day": "выборка; в CSV — все дни",
    "per USD": "за USD",
    "per": "за",
    "No rates have been published yet.": "Курсы пока не опубликованы.",
    "Data:": "Данные:",
    "as of %(date)s": "на %(date)s",
    "Demo data, not real rates": "Демо-данные, не реальные курсы",
    "All rates": "Все курсы",
    "Rates": "Курсы",
    "Published": "Опубликован",
    # Admin (editors may use the admin in Russian)
    "Scheduled publishing": "Отложенная публикация",
    "Overdue:": "Просрочено:",
    "edit": "изменить",
    "Nothing scheduled is overdue.": "Просроченных публикаций нет.",
    "The scheduler is running (last run %(when)s ago).": (
        "Планировщик работает (последний запуск %(when)s назад)."
    ),
    "“%(title)s” was due to go live at %(when)s": (
        "«%(title)s» должна была выйти в %(when)s"
    ),
    "“%(title)s” was due to expire at %(when)s": (
        "«%(title)s» должна была быть снята в %(when)s"
    ),
    "Search engines and sharing": "Поисковики и соцсети",
    "SEO and feeds": "SEO и RSS",
    "Publisher": "Издатель",
    "Site settings": "Настройки сайта",
    "Standard page": "Обычная страница",
    "home page": "главная страница",
    "section": "раздел",
    "article": "статья",
    "author": "автор",
    "countries": "страны",
    "people index page": "страница «Наша команда»",
    "Hero image": "Главное изображение",
    "Authors": "Авторы",
    "Classification and dates": "Классификация и даты",
    "Profile": "Профиль",
    "Links": "Ссылки",
    "published": "опубликовано",
    "updated": "обновлено",
    "sticky": "закреплено",
    "Heading 2": "Заголовок 2",
    "Heading 3": "Заголовок 3",
    "Heading 4": "Заголовок 4",
}
RU_PLURAL = {
    "%(minutes)s min read": (
        "%(minutes)s минута чтения",
        "%(minutes)s минуты чтения",
        "%(minutes)s минут чтения",
        "%(minutes)s минуты чтения",  # fractions (gettext's 4th Russian form)
    ),
}


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def fill(po: Path = PO) -> int:
    blocks = po.read_text(encoding="utf-8").split("\n\n")
    filled = 0
    out = []
    for block in blocks:
        lines = block.splitlines()
        keys: dict[str, list[str]] = {}
        current = None
        head = []
        for line in lines:
            if line.startswith(("msgid ", "msgid_plural ", "msgstr")):
                current, rest = line.split(" ", 1)
                keys[current] = [rest]
            elif line.startswith('"') and current:
                keys[current].append(line)
            elif current is None:
                head.append(line)
        if "msgid" not in keys:
            out.append(block)
            continue
        if _unquote(keys["msgid"]) == "":  # the header: not fuzzy, Russian
            header = block.replace("#, fuzzy\n", "")
            out.append(header.replace('"Language: \\n"', '"Language: ru\\n"'))
            continue
        msgid = _unquote(keys["msgid"])
        head = [line for line in head if line != "#, fuzzy"]
        if "msgid_plural" in keys and msgid in RU_PLURAL:
            forms = RU_PLURAL[msgid]
            body = [f"msgid {_quote(msgid)}", "msgid_plural " + keys["msgid_plural"][0]]
            body += [f"msgstr[{i}] {_quote(form)}" for i, form in enumerate(forms)]
            filled += 1
        elif "msgid_plural" not in keys and msgid in RU:
            body = [f"msgid {_quote(msgid)}", f"msgstr {_quote(RU[msgid])}"]
            filled += 1
        else:
            out.append(block)
            continue
        out.append("\n".join(head + body))
    text = "\n\n".join(out)
    po.write_text(text, encoding="utf-8")
    return filled


if __name__ == "__main__":
    print(f"{fill()} messages translated")  # noqa: T201
    if "--compile" in sys.argv:
        import subprocess

        subprocess.run(  # noqa: S603
            ["msgfmt", "--check", "-o", str(PO.with_suffix(".mo")), str(PO)],  # noqa: S607
            check=True,
        )
