# Varnish 7.1 (Debian's `varnish` package) in front of Patchwork.
#
# Anonymous GET and HEAD requests are cached for as long as the app's Cache-Control
# says (s-maxage, then max-age); the app purges a page, its listings and feeds the moment
# an editor publishes, unpublishes, moves or deletes it (cms/front_cache.py), so s-maxage
# can be long. Never cached: the admin (previews included), POSTs, anything sent with a
# session, CSRF or messages cookie, and any answer that sets a cookie or says private.
#
# Start it with:  varnishd -a :6081 -f /path/to/deploy/varnish.vcl -s malloc,256m
# and set FRONTEND_CACHE_URL=http://127.0.0.1:6081 for the app (see the README).
# `make run-cached` does both on this machine.
vcl 4.1;

# The app (gunicorn or runserver). `make run-cached` and the tests change only this address.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .first_byte_timeout = 60s;
}

# Who may PURGE and BAN: the machines the app (web processes and task workers) runs on.
# Add their addresses here when the app is on another machine.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is only allowed from the app"));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        # BAN with "X-Ban-Url: <regular expression>" drops every stored answer for this
        # host whose path matches (e.g. "^/" after the site's settings change).
        if (client.ip !~ purgers) {
            return (synth(405, "Banning is only allowed from the app"));
        }
        if (!req.http.X-Ban-Url) {
            return (synth(400, "BAN needs an X-Ban-Url header"));
        }
        ban("obj.http.X-Cache-Host == " + req.http.host + " && obj.http.X-Cache-Url ~ " + req.http.X-Ban-Url);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        # Form posts and everything else go straight to the app (the built-in rules
        # below pass them, and pipe methods Varnish does not know).
        return (pass);
    }
    # The admin, its page previews and Django's admin: never from the cache.
    if (req.url ~ "^/(admin|django-admin)(/|\?|$)") {
        return (pass);
    }
    # Someone signed in (or holding a form's CSRF cookie or a flash message) sees
    # their own pages; the app marks those private anyway.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Anonymous readers: other cookies (analytics and the like) are of no use to the app,
    # and would otherwise make every request a pass.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Remember host and path on the stored object, so BANs can match them.
    set beresp.http.X-Cache-Host = bereq.http.host;
    set beresp.http.X-Cache-Url = bereq.url;
    # Only what the app says may be shared is stored: no Cache-Control, no caching
    # (Varnish would otherwise keep it for its default two minutes).
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # The built-in rules then refuse anything private, no-cache, no-store or setting a cookie,
    # and take the lifetime from s-maxage or max-age (and grace from stale-while-revalidate).
}

sub vcl_deliver {
    unset resp.http.X-Cache-Host;
    unset resp.http.X-Cache-Url;
    # HIT or MISS, for people checking the cache works (and for the tests).
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
