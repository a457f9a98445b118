# Varnish in front of the Caravan app processes (deploy/systemd/caravan-web@.service).
#
#   varnishd -a 127.0.0.1:6081 -a purge=127.0.0.1:6082 \
#            -f /etc/varnish/caravan.vcl -s malloc,256m
#
# - Two listeners, both on loopback: :6081 for readers (nginx forwards to it),
#   :6082 ("purge") for the app's BANs. PURGE and BAN are refused on any other
#   listener, so no client can empty the cache through nginx.
# - Anonymous GET/HEAD are cached for as long as the app's Surrogate-Control
#   says, served stale while revalidating (grace) and when every app process
#   fails. Answers marked Surrogate-Control: no-store (a stale copy, a page
#   rendered while a purge happened) are never kept.
# - Editors (the app's signed caravan_editor cookie), the admin and non-GET
#   requests pass straight through; any other cookie is dropped.
# - Only the query parameters the app reads enter the cache key (the same list
#   as caravan.caching.keys.query_params(), checked by a test); the rest are
#   removed before the app sees them.
# - The scheme (X-Forwarded-Proto, set by nginx) is part of the key.
# - The app purges on publish: BAN with an X-Ban-Tags regex over the pages'
#   X-Cache-Tags (exactly the pages that show the change). X-Cache-Tags never
#   reaches clients.
# - Slots (the breaking-news banner, the most-read list: caravan/caching/slots.py)
#   are Edge Side Includes: Varnish tells the app it assembles them
#   (Surrogate-Capability), keeps each slot on its own (/-/slot/...) and puts it
#   into every page it serves; a change to a slot bans the slot, not the pages.
vcl 4.1;

import directors;
import std;

probe healthz {
    # Renders the home page for real (caravan.web.health); Host must be one of
    # ALLOWED_HOSTS.
    .request = "GET /healthz HTTP/1.1" "Host: localhost" "Connection: close";
    .expected_response = 200;
    .interval = 2s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

backend app1 { .host = "127.0.0.1"; .port = "8001"; .probe = healthz; .first_byte_timeout = 30s; }
backend app2 { .host = "127.0.0.1"; .port = "8002"; .probe = healthz; .first_byte_timeout = 30s; }

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new apps = directors.round_robin();
    apps.add_backend(app1);
    apps.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = apps.backend();

    if (req.method == "PURGE" || req.method == "BAN") {
        if (local.socket != "purge" || client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "PURGE") {
            return (purge);
        }
        if (!req.http.X-Ban-Tags) {
            return (synth(400, "X-Ban-Tags missing"));
        }
        ban("obj.http.X-Cache-Tags ~ " + req.http.X-Ban-Tags);
        return (synth(200, "Banned"));
    }
    if (local.socket == "purge") {
        return (synth(405, "Purge listener"));
    }
    # Only Varnish may say it assembles includes (a client's header is dropped).
    set req.http.Surrogate-Capability = "caravan=ESI/1.0";
    # The view counter answers every view itself (caravan/readership).
    if (req.url ~ "^/-/v/") { return (pass); }
    if (req.method != "GET" && req.method != "HEAD") { return (pass); }
    if (req.url ~ "^/(admin|django-admin|healthz)(/|$)") { return (pass); }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)caravan_editor=") {
        return (pass);
    }
    # Old WordPress and Joomla URLs: the app answers each (a 301, or the page).
    if (req.url ~ "[?&](attachment_id|author|cat|catid|feed|id|option|p|page_id|view)=") {
        return (pass);
    }
    # Anonymous: no cookie matters for the page (CSRF-protected forms are never
    # cached by the app: they set a cookie).
    unset req.http.Cookie;
    if (req.url ~ "\?") {
        # Keep these, drop every other parameter (utm_*, fbclid...).
        set req.url = regsuball(req.url, "(?<=[?&])(?!(?:amount|currency|from|page|q|range|sort|source|target|to)=)[^&]*(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = std.querysort(req.url);
    }
    # One variant per language and per encoding, whatever the browser sends.
    if (req.http.Accept-Language ~ "^\s*ru") {
        set req.http.Accept-Language = "ru";
    } else {
        set req.http.Accept-Language = "en";
    }
    return (hash);
}

sub vcl_hash {
    # http and https copies differ (canonical and og:url are absolute).
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;  # hit-for-miss
        return (deliver);
    }
    if (beresp.http.Surrogate-Control ~ "no-store" || beresp.http.Cache-Control ~ "no-store") {
        # A stale copy, or a page rendered while a purge happened: never kept.
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    if (beresp.http.Surrogate-Control ~ "max-age=[0-9]+") {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, ".*max-age=([0-9]+).*", "\1s"), 0s);
    }
    if (beresp.http.Surrogate-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Surrogate-Control, ".*stale-if-error=([0-9]+).*", "\1s"), 0s);
    } else {
        set beresp.grace = 30s;
    }
    if (beresp.http.Surrogate-Control ~ "ESI/1.0") {
        # The page includes slots: assembled here on every delivery, each slot
        # kept on its own; the app sent it uncompressed, compressed here.
        set beresp.do_esi = true;
        set beresp.do_gzip = true;
    }
    # A failing background refresh keeps the stale copy instead of caching the error.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    unset beresp.http.Surrogate-Control;
    return (deliver);
}

sub vcl_backend_error {
    # Every app process down and nothing in grace: a plain 503.
    set beresp.http.Content-Type = "text/plain; charset=utf-8";
    set beresp.http.Retry-After = "5";
    synthetic("The site is busy. Please try again in a moment.");
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
    # The cache's own business: never for clients.
    unset resp.http.X-Cache-Tags;
    unset resp.http.Surrogate-Control;
}
