# The public site's dates in Russian (Django's own formats otherwise): cards and
# archives show "4 дек. 2026". "N" is the abbreviated month, whose Russian forms
# (genitive, with a dot: "дек.", "мая") this project's catalogue gives
# (caravan/locale/ru, context "abbrev. month").
SHORT_DATE_FORMAT = "j N Y"
# Date and time (the admin's listings, go-live times): with the zone.
DATETIME_FORMAT = "j E Y г. G:i T"
