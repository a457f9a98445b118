# The public site's dates in English (Django's own formats otherwise): cards
# and archives show "4 Dec 2026".
SHORT_DATE_FORMAT = "j M Y"
