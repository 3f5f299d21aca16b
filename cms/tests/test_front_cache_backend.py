"""The purge sender: one connection per batch, and no hang when a cache does not answer."""

import socket
import threading
import time

from cms import front_cache


def test_purges_go_to_the_cache_with_each_page_host(caplog):
    received = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def answer():
        connection, _ = server.accept()
        stream = connection.makefile("rb")
        for _ in range(2):
            request_line = stream.readline().decode()
            headers = {}
            while (line := stream.readline().decode().strip()) != "":
                name, value = line.split(":", 1)
                headers[name.lower()] = value.strip()
            received.append((request_line.split()[0], request_line.split()[1], headers["host"]))
            connection.sendall(b"HTTP/1.1 200 Purged\r\nContent-Length: 0\r\n\r\n")
        connection.close()

    thread = threading.Thread(target=answer)
    thread.start()
    backend = front_cache.PurgeBackend({"LOCATION": f"http://127.0.0.1:{server.getsockname()[1]}"})
    backend.purge_batch(["https://news.example.org/watch/", "https://news.example.org/feeds/rss/?page=2"])
    thread.join(5)
    server.close()
    assert received == [
        ("PURGE", "/watch/", "news.example.org"),
        ("PURGE", "/feeds/rss/?page=2", "news.example.org"),
    ]


def test_a_cache_that_never_answers_is_given_up_on_and_logged(caplog, monkeypatch):
    monkeypatch.setattr(front_cache, "PURGE_TIMEOUT", 0.5)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts the connection, never answers
    backend = front_cache.PurgeBackend({"LOCATION": f"http://127.0.0.1:{silent.getsockname()[1]}"})
    started = time.monotonic()
    backend.purge_batch(["http://localhost/watch/"])
    silent.close()
    assert time.monotonic() - started < 3
    assert "Could not purge http://localhost/watch/" in caplog.text


def test_a_cache_that_closes_the_kept_open_connection_still_gets_every_purge():
    """One request per connection (a keep-alive limit): the sender reconnects instead of dropping the rest."""
    received = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def answer_one_per_connection():
        for _ in range(3):
            connection, _ = server.accept()
            stream = connection.makefile("rb")
            request_line = stream.readline().decode()
            while stream.readline().strip():
                pass
            received.append(request_line.split()[1])
            connection.sendall(b"HTTP/1.1 200 Purged\r\nContent-Length: 0\r\n\r\n")
            stream.close()
            connection.close()

    server.settimeout(5)
    thread = threading.Thread(target=answer_one_per_connection, daemon=True)
    thread.start()
    backend = front_cache.PurgeBackend({"LOCATION": f"http://127.0.0.1:{server.getsockname()[1]}"})
    backend.purge_batch(["http://localhost/a/", "http://localhost/b/", "http://localhost/c/"])
    thread.join(5)
    server.close()
    assert received == ["/a/", "/b/", "/c/"]


def test_an_unreachable_cache_is_reported_with_how_many_addresses_stayed_cached(caplog):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens: connections are refused
    backend = front_cache.PurgeBackend({"LOCATION": f"http://127.0.0.1:{port}"})
    backend.purge_batch(["http://localhost/a/", "http://localhost/b/"])
    assert "Could not purge http://localhost/a/" in caplog.text
    assert "2 address(es) left unpurged" in caplog.text
