"""A small ISO 4217 table: enough names and symbols to create Currency rows for any
currency a provider publishes. Unknown (but well-formed) codes get the code as name."""

# code: (numeric, English name, symbol)
CURRENCIES: dict[str, tuple[str, str, str]] = {
    "USD": ("840", "US dollar", "$"),
    "EUR": ("978", "Euro", "€"),
    "RUB": ("643", "Russian rouble", "₽"),
    "CNY": ("156", "Chinese yuan", "¥"),
    "KZT": ("398", "Kazakhstani tenge", "₸"),
    "KGS": ("417", "Kyrgyzstani som", "сом"),
    "UZS": ("860", "Uzbekistani sum", "soʻm"),
    "TJS": ("972", "Tajikistani somoni", "SM"),
    "TMT": ("934", "Turkmenistan manat", "m"),
    "AZN": ("944", "Azerbaijani manat", "₼"),
    "AMD": ("051", "Armenian dram", "֏"),
    "GEL": ("981", "Georgian lari", "₾"),
    "BYN": ("933", "Belarusian rouble", "Br"),
    "MDL": ("498", "Moldovan leu", "L"),
    "UAH": ("980", "Ukrainian hryvnia", "₴"),
    "AFN": ("971", "Afghan afghani", "؋"),
    "IRR": ("364", "Iranian rial", "﷼"),
    "TRY": ("949", "Turkish lira", "₺"),
    "INR": ("356", "Indian rupee", "₹"),
    "PKR": ("586", "Pakistani rupee", "₨"),
    "MNT": ("496", "Mongolian tögrög", "₮"),
    "GBP": ("826", "Pound sterling", "£"),
    "CHF": ("756", "Swiss franc", "CHF"),
    "JPY": ("392", "Japanese yen", "¥"),
    "KRW": ("410", "South Korean won", "₩"),
    "AED": ("784", "UAE dirham", "د.إ"),
    "SAR": ("682", "Saudi riyal", "﷼"),
    "CAD": ("124", "Canadian dollar", "$"),
    "AUD": ("036", "Australian dollar", "$"),
    "SEK": ("752", "Swedish krona", "kr"),
    "NOK": ("578", "Norwegian krone", "kr"),
    "DKK": ("208", "Danish krone", "kr"),
    "PLN": ("985", "Polish złoty", "zł"),
    "CZK": ("203", "Czech koruna", "Kč"),
    "HUF": ("348", "Hungarian forint", "Ft"),
    "SGD": ("702", "Singapore dollar", "$"),
    "HKD": ("344", "Hong Kong dollar", "$"),
    "MYR": ("458", "Malaysian ringgit", "RM"),
    "THB": ("764", "Thai baht", "฿"),
    "VND": ("704", "Vietnamese đồng", "₫"),
    "IDR": ("360", "Indonesian rupiah", "Rp"),
    "XDR": ("960", "Special drawing rights", "SDR"),
}


def describe(code: str) -> tuple[str, str, str]:
    """(numeric, name, symbol) for a code; the code itself when not in the table."""
    return CURRENCIES.get(code, ("", code, code))
