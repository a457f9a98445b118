"""Apple Podcasts categories a newsroom's show fits (Apple's list, as its
directory spells them: the feed must use these exact names). Stored as
"Category|Subcategory"."""

CATEGORIES = {
    "News": [
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ],
    "Society & Culture": ["Documentary", "Personal Journals", "Places & Travel"],
    "Business": ["Entrepreneurship", "Investing", "Management"],
    "Government": [],
    "History": [],
    "Education": ["Language Learning"],
    "Arts": ["Books", "Food"],
    "Technology": [],
    "Science": ["Earth Sciences", "Nature", "Social Sciences"],
}

CATEGORY_CHOICES = [
    (
        f"{parent}|{child}" if child else parent,
        f"{parent} › {child}" if child else parent,
    )
    for parent, children in CATEGORIES.items()
    for child in ["", *children]
]


def split(value: str) -> tuple[str, str]:
    parent, _, child = value.partition("|")
    return parent, child
