"""Follow-ups that happen: weeks after the help an email asks what has happened since, through a
signed link to a two-question form; the answer is recorded once, and shared answers become
stories on the public What changed pages, with no names anywhere."""

import re
from datetime import timedelta

from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
from freezegun import freeze_time

from handover.follow_ups import SALT, follow_up_token, queue_follow_up_prompts
from handover.impact import impact_report
from handover.models import FollowUp, HelpRecord

pytestmark = pytest.mark.django_db

STORY = "We have sent three issues to 40 homes on Elm Road and the residents' meeting was full."
NAMES = ("Maureen", "Lewis", "Kingstanding Neighbourhood Watch", "Sam", "Helper", "@example.org")


def weeks_ago(weeks, days=1):
    return timezone.now() - timedelta(weeks=weeks, days=days)


@pytest.fixture
def record(surgery, helper):
    """Sam helped Maureen at the March surgery six weeks and a day ago; no account was made."""
    return HelpRecord.objects.create(
        surgery=surgery,
        helper=helper,
        helped_name="Maureen Lewis",
        group_name="Kingstanding Neighbourhood Watch",
        topics=["newsletter"],
        created_at=weeks_ago(6),
    )


@pytest.fixture
def send_prompts(django_capture_on_commit_callbacks):
    """Run the scheduler's job, with the queued tasks run at once (tests use the immediate backend)."""

    def send():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_follow_up_prompts", verbosity=0)

    return send


def link_from(message):
    return re.search(r"http://testserver(/\S*follow-up/\S+/)", message.body).group(1)


def answer(client, link, what_changed=STORY, share="yes", **headers):
    return client.post(link, {"what_changed": what_changed, "share": share}, **headers)


def public_pages(client, place):
    """Every public page a story or a name could appear on."""
    return {
        url: client.get(url)
        for url in (
            reverse("handover:what_changed"),
            reverse("handover:place_what_changed", args=[place.pk]),
            place.url,
            "/",
        )
    }


def test_the_helper_is_asked_once_and_a_shared_answer_becomes_a_story(client, record, place, send_prompts):
    send_prompts()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    assert message.subject == "What has Maureen Lewis done since you helped?"
    assert "Social media surgery, 4 March 2026" in message.body
    html_part = message.alternatives[0][0]
    link = link_from(message)
    assert link in html_part

    # The scheduler runs every hour: nobody is asked twice about the same help.
    send_prompts()
    send_prompts()
    assert len(mail.outbox) == 1
    record.refresh_from_db()
    assert record.follow_up_asked_at and record.follow_up_emailed_at

    form = client.get(link)
    assert form.status_code == 200
    assert not form.cookies
    assert "no-cache" in form["Cache-Control"] and form["Referrer-Policy"] == "no-referrer"
    html = form.content.decode()
    assert "What have they done since?" in html and "May we share it?" in html
    assert re.search(r'<input type="radio" name="share" value="no"[^>]*checked', html)
    assert 'value="yes"' in html and not re.search(r'value="yes"[^>]*checked', html)
    assert "csrfmiddlewaretoken" not in html

    done = answer(client, link)
    assert done.status_code == 200 and not done.cookies
    assert "Thank you" in done.content.decode()
    follow_up = FollowUp.objects.get()
    assert follow_up.help_record == record and follow_up.consent_to_publish
    assert follow_up.answered_by == "helper" and follow_up.what_changed == STORY

    pages = public_pages(client, place)
    for url in (reverse("handover:what_changed"), reverse("handover:place_what_changed", args=[place.pk])):
        response = pages[url]
        assert response.status_code == 200 and not response.cookies
        assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
        text = response.content.decode()
        assert "three issues to 40 homes" in text
        assert "Kingstanding, " in text  # the place and month of the story
        assert "1 follow-up recorded" in text and "1 of them shared here" in text
    for url, response in pages.items():
        for name in NAMES:
            assert name not in response.content.decode().replace("Kingstanding, ", ""), (url, name)

    # The impact report's "follow-ups recorded" counts it.
    report = impact_report({"place": None, "root_path": "", "surgery_id": None, "start": None, "end": None})
    assert report["figures"]["follow_ups"] == 1


def test_a_place_page_links_to_its_what_changed_page_once_it_has_a_story(
    client, record, home_page, place, send_prompts, django_assert_num_queries
):
    from handover.queries import has_stories
    from home.models import PlacePage

    elsewhere = home_page.add_child(instance=PlacePage(title="Elsewhere", slug="elsewhere"))
    link = reverse("handover:place_what_changed", args=[place.pk])
    assert link not in client.get(place.url).content.decode()
    send_prompts()
    answer(client, link_from(mail.outbox[0]), share="no")
    assert link not in client.get(place.url).content.decode()  # kept private: no story, no link
    follow_up = FollowUp.objects.get()
    follow_up.consent_to_publish = True
    follow_up.save()
    html = client.get(place.url).content.decode()
    assert f'<a href="{link}">What changed in {place.title}</a>' in html
    assert "What changed in" not in client.get(elsewhere.url).content.decode()
    with django_assert_num_queries(0):  # from the cache on every later visit
        assert has_stories(place) and has_stories(home_page) and not has_stories(elsewhere)


def test_a_replayed_link_says_it_was_already_answered(client, record, send_prompts):
    send_prompts()
    link = link_from(mail.outbox[0])
    assert answer(client, link).status_code == 200
    again = answer(client, link, what_changed="Something else entirely", share="no")
    assert again.status_code == 410
    assert "You have already answered" in again.content.decode()
    assert client.get(link).status_code == 410
    assert FollowUp.objects.get().what_changed == STORY


def test_refusing_consent_keeps_the_answer_and_shows_no_story_or_name(client, record, place, send_prompts):
    send_prompts()
    done = answer(client, link_from(mail.outbox[0]), share="no")
    assert done.status_code == 200
    assert "will not be shown on the website" in done.content.decode()
    follow_up = FollowUp.objects.get()
    assert not follow_up.consent_to_publish and follow_up.what_changed == STORY

    for url, response in public_pages(client, place).items():
        text = response.content.decode()
        assert response.status_code == 200, url
        assert "three issues" not in text and "40 homes" not in text, url
        for name in NAMES:
            assert name not in text.replace("Kingstanding", ""), (url, name)
    counts = client.get(reverse("handover:what_changed")).content.decode()
    assert "1 follow-up recorded" in counts and "0 of them shared here" in counts
    assert "Nobody has shared a story here yet." in counts

    # The organisers still count it.
    report = impact_report({"place": None, "root_path": "", "surgery_id": None, "start": None, "end": None})
    assert report["figures"]["follow_ups"] == 1


def test_a_tampered_or_foreign_link_is_refused_with_a_400(client, record):
    token = follow_up_token(record, "helper")
    value, _, signature = token.rpartition(":")
    other = HelpRecord.objects.create(helped_name="Someone else", created_at=weeks_ago(6))
    forged = value.replace(f"{record.pk}:", f"{other.pk}:", 1) + ":" + signature
    confirm_token = signing.TimestampSigner(salt="subscriptions.confirm").sign(f"{record.pk}:helper")
    for bad in (token[:-3] + "abc", forged, confirm_token, "nonsense", "x" * 500):
        url = reverse("handover:follow_up", args=[bad])
        for response in (client.get(url), answer(client, url)):
            assert response.status_code == 400, bad
            assert "We do not recognise this link" in response.content.decode()
            assert not response.cookies
    assert not FollowUp.objects.exists()


def test_an_expired_link_is_refused_with_a_410(client, record, settings):
    settings.FOLLOW_UP_LINK_DAYS = 30
    with freeze_time(timezone.now() - timedelta(days=31)):
        token = follow_up_token(record, "helper")
    url = reverse("handover:follow_up", args=[token])
    for response in (client.get(url), answer(client, url)):
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
    with freeze_time(timezone.now() - timedelta(days=29)):
        fresh = follow_up_token(record, "helper")
    assert client.get(reverse("handover:follow_up", args=[fresh])).status_code == 200
    assert not FollowUp.objects.exists()


def test_a_link_to_help_since_removed_is_a_404(client, record):
    url = reverse("handover:follow_up", args=[follow_up_token(record, "helper")])
    record.delete()
    assert client.get(url).status_code == 404


def test_a_cross_site_post_is_refused_and_our_own_is_taken(client, record):
    url = reverse("handover:follow_up", args=[follow_up_token(record, "helper")])
    for headers in (
        {"HTTP_ORIGIN": "https://prizes.example.com"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://prizes.example.com", "HTTP_SEC_FETCH_SITE": "cross-site"},
    ):
        refused = answer(client, url, **headers)
        assert refused.status_code == 403 and not refused.cookies
    assert not FollowUp.objects.exists()
    taken = answer(client, url, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin")
    assert taken.status_code == 200 and not taken.cookies
    assert FollowUp.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"what_changed": "   ", "share": "no"}, "Tell us in a few words"),
        ({"what_changed": STORY}, "Choose whether we may share it."),
        ({"what_changed": STORY, "share": "maybe"}, "Select a valid choice."),
        ({"what_changed": "x" * 1501, "share": "no"}, "at most 1500 characters"),
    ],
)
def test_an_incomplete_answer_is_shown_again_with_a_message(client, record, data, message):
    url = reverse("handover:follow_up", args=[follow_up_token(record, "helper")])
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FollowUp.objects.exists()
    record.refresh_from_db()
    assert record.follow_up_answered_at is None


def test_the_person_helped_is_asked_instead_when_they_agreed(client, set_up, place, send_prompts):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(set_up.newcomer)
    profile.preferred_language = "ur"
    profile.save()
    HelpRecord.objects.filter(pk=set_up.pk).update(newcomer_may_be_asked=True, created_at=weeks_ago(6))
    send_prompts()
    assert [message.to for message in mail.outbox] == [["maureen@example.org"]]
    message = mail.outbox[0]
    assert message.reply_to == ["sam@example.org"]
    link = link_from(message)
    assert link.startswith("/ur/follow-up/")  # in the language they chose
    form = client.get(link)
    assert form.status_code == 200 and 'lang="ur"' in form.content.decode()
    assert answer(client, link).status_code == 200
    assert FollowUp.objects.get().answered_by == "newcomer"


def test_without_their_agreement_the_helper_is_asked(set_up, send_prompts):
    HelpRecord.objects.filter(pk=set_up.pk).update(created_at=weeks_ago(6))
    send_prompts()
    assert [message.to for message in mail.outbox] == [["sam@example.org"]]


def test_help_in_a_town_on_its_own_host_is_asked_about_with_links_to_that_host(helper, send_prompts):
    """A second town has its own Site: the prompt's form link and every other link go to its host."""
    from wagtail.models import Page, Site

    from home.models import HomePage, PlacePage
    from surgeries.models import SurgeryPage

    town = Page.get_first_root_node().add_child(instance=HomePage(title="Bilston", slug="bilston"))
    Site.objects.create(hostname="bilston.example.org", port=80, root_page=town, site_name="Bilston")
    place = town.add_child(instance=PlacePage(title="Bilston Centre", slug="centre"))
    starts = timezone.now() - timedelta(weeks=6, days=1)
    surgery = place.add_child(
        instance=SurgeryPage(
            title="Bilston surgery", slug="surgery", starts_at=starts, ends_at=starts + timedelta(hours=2)
        )
    )
    HelpRecord.objects.create(surgery=surgery, helper=helper, helped_name="Pat", created_at=weeks_ago(6))
    send_prompts()
    message = mail.outbox[0]
    text = message.body + "".join(content for content, _ in message.alternatives)
    hosts = set(re.findall(r"https?://([^/\s\"'<>:]+)", text))
    assert hosts == {"bilston.example.org"}, hosts
    assert re.search(r"http://bilston\.example\.org/\S*follow-up/\S+/", message.body)


def test_only_help_due_and_not_yet_followed_up_is_asked_about(
    record, surgery, helper, settings, send_prompts
):
    settings.FOLLOW_UP_AFTER_WEEKS = 6
    too_soon = HelpRecord.objects.create(
        surgery=surgery, helper=helper, helped_name="A", created_at=weeks_ago(5)
    )
    too_old = HelpRecord.objects.create(
        surgery=surgery, helper=helper, helped_name="B", created_at=weeks_ago(12)
    )
    already = HelpRecord.objects.create(
        surgery=surgery, helper=helper, helped_name="C", created_at=weeks_ago(6)
    )
    FollowUp.objects.create(help_record=already, what_changed="Typed in by the helper")
    nobody = HelpRecord.objects.create(surgery=surgery, helped_name="D", created_at=weeks_ago(6))
    send_prompts()
    assert len(mail.outbox) == 1 and "Maureen Lewis" in mail.outbox[0].subject
    assert set(HelpRecord.objects.exclude(follow_up_asked_at=None).values_list("pk", flat=True)) == {
        record.pk,
        nobody.pk,  # claimed, but nobody to email
    }
    assert too_soon.pk and too_old.pk

    # The number of weeks is a setting.
    settings.FOLLOW_UP_AFTER_WEEKS = 4
    send_prompts()
    assert len(mail.outbox) == 2 and "A done since" in mail.outbox[1].subject


def test_a_prompt_queued_twice_is_emailed_once(record, django_capture_on_commit_callbacks):
    from handover.tasks import send_follow_up_prompt

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_follow_up_prompts() == 1
        assert queue_follow_up_prompts() == 0
    send_follow_up_prompt.enqueue(record.pk)  # a retry of the same task
    assert len(mail.outbox) == 1


def test_an_organiser_can_hide_a_shared_story(client, record, send_prompts):
    send_prompts()
    answer(client, link_from(mail.outbox[0]))
    FollowUp.objects.update(hide_story=True)
    text = client.get(reverse("handover:what_changed")).content.decode()
    assert "three issues" not in text and "0 of them shared here" in text


def test_a_place_shows_the_stories_of_the_places_within_it_and_no_others(client, home_page, place, helper):
    from home.models import PlacePage
    from surgeries.models import SurgeryPage

    estate = place.add_child(instance=PlacePage(title="Kingstanding Estate", slug="estate"))
    elsewhere = home_page.add_child(instance=PlacePage(title="Erdington", slug="erdington"))
    starts = timezone.now() - timedelta(weeks=7)
    for where, words in ((estate, "Our estate blog has 12 posts now."), (elsewhere, "The choir has a page.")):
        surgery = where.add_child(
            instance=SurgeryPage(
                title=f"Surgery in {where.title}",
                slug="surgery",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
            )
        )
        record = HelpRecord.objects.create(surgery=surgery, helper=helper, helped_name="X", created_at=starts)
        FollowUp.objects.create(help_record=record, what_changed=words, consent_to_publish=True)

    kingstanding = client.get(reverse("handover:place_what_changed", args=[place.pk])).content.decode()
    assert "Our estate blog has 12 posts now." in kingstanding and "The choir" not in kingstanding
    assert "Kingstanding Estate, " in kingstanding
    assert reverse("handover:place_what_changed", args=[estate.pk]) in kingstanding
    everywhere = client.get(reverse("handover:what_changed")).content.decode()
    assert "Our estate blog" in everywhere and "The choir has a page." in everywhere
    assert client.get(reverse("handover:place_what_changed", args=[987654])).status_code == 404
    # A page that is not a place is not a What changed page either.
    assert client.get(reverse("handover:place_what_changed", args=[home_page.pk])).status_code == 404


def test_a_changed_follow_up_bans_the_what_changed_pages_from_the_front_cache(
    record, monkeypatch, django_capture_on_commit_callbacks
):
    from cms import front_cache

    banned = []
    monkeypatch.setattr(front_cache, "enabled", lambda: True)
    monkeypatch.setattr(front_cache, "ban", lambda site, pattern: banned.append((site.hostname, pattern)))
    with django_capture_on_commit_callbacks(execute=True):
        FollowUp.objects.create(help_record=record, what_changed=STORY, consent_to_publish=True)
    assert len(banned) == 1
    pattern = re.compile(banned[0][1])
    assert pattern.match("/what-changed/") and pattern.match("/ur/what-changed/place/3/")
    assert not pattern.match("/surgeries/")


def test_the_token_has_its_own_salt(record):
    token = follow_up_token(record, "helper")
    assert signing.TimestampSigner(salt=SALT).unsign(token) == f"{record.pk}:helper"
    with pytest.raises(signing.BadSignature):
        signing.TimestampSigner(salt="subscriptions.confirm").unsign(token)


def test_follow_up_links_never_reach_the_log(client, record):
    from cms.tests.logs import site_log

    path = reverse("handover:follow_up", args=[follow_up_token(record, "helper")])
    with site_log() as log:
        answer(client, path)
        replayed = answer(client, path)  # refused (410), and Django logs the refusal
        client.get(path[:-5] + "xxxx/")  # tampered (400)
    assert replayed.status_code == 410
    written = log.getvalue()
    assert "[hidden]" in written
    assert path.rstrip("/").split("/")[-1] not in written


def test_a_what_changed_page_costs_the_same_queries_for_one_story_or_many(
    client, record, place, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    FollowUp.objects.create(help_record=record, what_changed="The first story.", consent_to_publish=True)
    urls = (reverse("handover:what_changed"), reverse("handover:place_what_changed", args=[place.pk]))
    counts = {}
    for url in urls:
        client.get(url)  # Wagtail's site and locale caches warmed
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    for number in range(25):
        other = HelpRecord.objects.create(
            surgery=record.surgery, helped_name=f"P{number}", created_at=weeks_ago(7)
        )
        FollowUp.objects.create(help_record=other, what_changed=f"Story {number}.", consent_to_publish=True)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            assert "Story 24." in client.get(url).content.decode()
