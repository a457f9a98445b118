# Varnish in front of two Caravan app processes (deploy/systemd/caravan-web@.service).
# varnishd -a :6081 -f /etc/varnish/caravan.vcl -s malloc,256m
#
# - Anonymous GET/HEAD are cached for as long as the app's Surrogate-Control says,
#   served stale while revalidating (grace) and when both app processes fail.
# - Editors (session cookie), the admin and non-GET requests pass straight through.
# - The app purges on publish: BAN with an X-Ban-Tags regex over the pages'
#   X-Cache-Tags (exactly the pages that show the change), PURGE for one URL
#   (Wagtail's frontend cache invalidation). Only from the purgers ACL.
vcl 4.1;

import directors;
import std;

probe healthz {
    # Host must be one of ALLOWED_HOSTS.
    .request = "HEAD /robots.txt HTTP/1.1" "Host: localhost" "Connection: close";
    .expected_response = 200;
    .interval = 2s;
    .timeout = 1s;
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

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) { return (synth(405, "Not allowed")); }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) { return (synth(405, "Not allowed")); }
        if (req.http.X-Ban-Tags) {
            ban("obj.http.X-Cache-Tags ~ " + req.http.X-Ban-Tags);
        } else {
            ban("obj.http.X-Url ~ " + req.url);
        }
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") { return (pass); }
    if (req.url ~ "^/(admin|django-admin)/") { return (pass); }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Anonymous: no cookie matters for the page (CSRF-protected forms are never
    # cached by the app: they set a cookie).
    unset req.http.Cookie;
    # One variant per language and per encoding, whatever the browser sends.
    if (req.http.Accept-Language ~ "^\s*ru") {
        set req.http.Accept-Language = "ru";
    } else {
        set req.http.Accept-Language = "en";
    }
    return (hash);
}

sub vcl_backend_response {
    set beresp.http.X-Url = bereq.url;
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-store") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;  # hit-for-miss
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
    # A failing background refresh keeps the stale copy instead of caching the error.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    unset beresp.http.Surrogate-Control;
    return (deliver);
}

sub vcl_backend_error {
    # Both app processes down and nothing in grace: a plain 503.
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
    unset resp.http.X-Url;
    if (client.ip !~ purgers) {
        unset resp.http.X-Cache-Tags;
    }
}
