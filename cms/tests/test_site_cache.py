"""The cache generation that pages, restrictions and translations are cached under."""

from django.core.cache import cache

from cms import site_cache


def test_a_change_starts_a_new_generation():
    before = site_cache.content_version()
    site_cache.forget_sites()
    assert site_cache.content_version() > before


def test_an_evicted_counter_never_brings_back_an_earlier_generation():
    """Entries stored under old generations may outlive the counter; starting again at 1 would serve them."""
    seen = {site_cache.content_version()}
    for _ in range(3):
        site_cache.forget_sites()
        seen.add(site_cache.content_version())
    cache.delete(site_cache.SITE_CACHE_VERSION_KEY)  # evicted
    assert site_cache.content_version() > max(seen)
    cache.delete(site_cache.SITE_CACHE_VERSION_KEY)
    site_cache.forget_sites()  # a change while evicted
    assert site_cache.content_version() > max(seen)


def test_a_request_reads_the_generation_once_and_again_after_a_change(rf, monkeypatch):
    """Each part of a page asks for the generation; only the first asks the shared cache."""
    from django.http import HttpResponse

    reads = []
    get_or_set = cache.get_or_set
    monkeypatch.setattr(
        cache, "get_or_set", lambda *args, **kwargs: reads.append(1) or get_or_set(*args, **kwargs)
    )
    seen = []

    def view(request):
        seen.extend([site_cache.content_version(), site_cache.content_version()])
        site_cache.forget_sites()  # an editor's publish in this request
        seen.extend([site_cache.content_version(), site_cache.content_version()])
        return HttpResponse()

    site_cache.CachedSiteMiddleware(view)(rf.post("/"))
    assert seen[0] == seen[1] < seen[2] == seen[3]
    assert len(reads) == 2
    site_cache.content_version()  # outside a request: read each time
    assert len(reads) == 3


def test_parts_kept_under_a_generation_are_not_served_after_the_next_change():
    """Each process keeps its own copy, under a key naming the shared generation."""
    key = f"patchwork:example:{site_cache.content_version()}"
    site_cache.generation_cache().set(key, "kept")
    site_cache.forget_sites()  # in any process: the shared counter moves on
    assert site_cache.generation_cache().get(f"patchwork:example:{site_cache.content_version()}") is None


def test_make_runs_processes_share_the_generation(tmp_path):
    """`make run` serves from one process and publishes on schedule from another: a generation the
    scheduler starts must reach the server, or its pages would keep what they kept for an hour."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.core.cache.backends.filebased import FileBasedCache

    repository = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "CACHE_DIR": str(tmp_path)}
    env.pop("REDIS_URL", None)
    script = (
        "import django; django.setup(); from cms import site_cache; "
        "site_cache.forget_sites(); print(site_cache.content_version())"
    )
    scheduler = subprocess.run(  # noqa: S603 - this interpreter with a fixed script
        [sys.executable, "-c", script], cwd=repository, env=env, capture_output=True, text=True, timeout=120
    )
    assert scheduler.returncode == 0, scheduler.stderr
    server = FileBasedCache(str(tmp_path), {})  # what the server's process reads
    assert server.get(site_cache.SITE_CACHE_VERSION_KEY) == int(scheduler.stdout.split()[-1])
