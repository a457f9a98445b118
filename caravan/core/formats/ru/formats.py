# The public site's dates in Russian (Django's own formats otherwise): cards and
# archives show "4 дек. 2026". "N" is the abbreviated month, whose Russian forms
# (genitive, with a dot: "дек.", "мая") this project's catalogue gives
# (caravan/locale/ru, context "abbrev. month").
SHORT_DATE_FORMAT = "j N Y"
