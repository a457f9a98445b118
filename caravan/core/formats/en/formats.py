# The public site's dates in English (Django's own formats otherwise): cards
# and archives show "4 Dec 2026".
SHORT_DATE_FORMAT = "j M Y"
# Date and time (the admin's listings, go-live times, tooltips): 24-hour, with
# the zone, "4 Dec 2026, 10:00 +05", not "Dec. 4, 2026, 10 a.m.".
DATETIME_FORMAT = "j M Y, H:i T"
TIME_FORMAT = "H:i"
