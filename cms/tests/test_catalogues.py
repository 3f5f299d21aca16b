"""The Urdu, Arabic and Polish catalogues in locale/: complete, compiled, and what readers see.

A reader of /ur/ must never meet an English sentence in the interface, so a catalogue with
a missing, fuzzy or stale entry fails here, as does a string someone marked for translation
without running `make messages` (and translating what it added).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.utils import translation

import polib
import pytest

from cms.mail import render_subject

LANGUAGES = ("ur", "ar", "pl")
# The number of plural forms each language has (CLDR and gettext's own tables).
PLURAL_FORMS = {"ur": 2, "ar": 6, "pl": 4}
BASE = Path(settings.BASE_DIR)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")

needs_gettext = pytest.mark.skipif(
    not shutil.which("msgfmt"), reason="needs gettext: apt-get install gettext"
)


def catalogue(language, kind="po"):
    path = BASE / "locale" / language / "LC_MESSAGES" / f"django.{kind}"
    return polib.pofile(str(path)) if kind == "po" else polib.mofile(str(path))


def entry_name(entry):
    return f"{entry.msgctxt} | {entry.msgid}" if entry.msgctxt else entry.msgid


def translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert not po.metadata_is_fuzzy
    assert f"nplurals={PLURAL_FORMS[language]};" in po.metadata["Plural-Forms"].replace(" ", "")
    untranslated = [entry_name(entry) for entry in po.untranslated_entries()]
    fuzzy = [entry_name(entry) for entry in po.fuzzy_entries()]
    obsolete = [entry_name(entry) for entry in po.obsolete_entries()]
    assert not untranslated, f"{language}: not translated yet: {untranslated}"
    assert not fuzzy, f"{language}: fuzzy (check and remove the flag): {fuzzy}"
    assert not obsolete, f"{language}: obsolete entries left in the catalogue: {obsolete}"
    assert po.percent_translated() == 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_has_all_its_forms_and_every_translation_keeps_its_placeholders(language):
    problems = []
    for entry in catalogue(language):
        expected = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        forms = translations(entry)
        if entry.msgid_plural and len(forms) != PLURAL_FORMS[language]:
            problems.append(f"{entry_name(entry)}: {len(forms)} plural forms")
        for index, form in enumerate(forms):
            found = set(PLACEHOLDER.findall(form))
            # Arabic says none, one and two in words ("يومان", not "2 يومان"): those forms may drop the count.
            in_words = entry.msgid_plural and language == "ar" and index <= 2
            if found != expected and not (in_words and found <= expected and len(expected - found) <= 1):
                problems.append(f"{entry_name(entry)} -> {form}")
    assert not problems, f"{language}: " + "\n".join(problems)


@pytest.mark.parametrize("language", ("ur", "ar"))
def test_right_to_left_catalogues_use_their_own_punctuation(language):
    """Arabic-script text takes ، and ؟, and Urdu ends a sentence with ۔ (never a Latin stop)."""
    problems = []
    for entry in catalogue(language):
        for form in translations(entry):
            text = PLACEHOLDER.sub("", re.sub(r"<[^>]+>|https?://\S+|\S+@\S+", "", form))
            if re.search(r"[\u0600-\u06ff]\s*[,?]", text):
                problems.append(f"Latin comma or question mark: {form}")
            if language == "ur" and re.search(r"[\u0600-\u06ff]\s*\.(\s|$)", text):
                problems.append(f"Latin full stop after Urdu: {form}")
            if language == "ur" and entry.msgid.endswith(".") and not form.rstrip().endswith("۔"):
                problems.append(f"sentence without its full stop: {form}")
            if language == "ar" and entry.msgid.endswith("?") and not form.rstrip().endswith("؟"):
                problems.append(f"question without ؟: {form}")
    assert not problems, f"{language}: " + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_sentence_is_left_untranslated(language):
    """A translation identical to its English is allowed only for names, feeds and formats."""
    same = [
        entry.msgid
        for entry in catalogue(language)
        if entry.msgstr == entry.msgid and re.search(r"[a-z]{3,} [a-z]{3,}", PLACEHOLDER.sub("", entry.msgid))
    ]
    assert not same, f"{language}: still in English: {same}"


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_committed_one(language):
    """The .mo that Django reads says exactly what the .po says (run `make messages` after editing)."""
    subprocess.run(  # noqa: S603 - gettext's own msgfmt on our catalogue, fixed arguments
        [
            "/usr/bin/msgfmt" if Path("/usr/bin/msgfmt").exists() else shutil.which("msgfmt"),
            "--check",
            "-o",
            "/dev/null",
            str(BASE / "locale" / language / "LC_MESSAGES" / "django.po"),
        ],
        check=True,
        capture_output=True,
    )
    written = {(entry.msgctxt, entry.msgid): translations(entry) for entry in catalogue(language)}
    compiled = {
        (entry.msgctxt, entry.msgid): translations(entry)
        for entry in catalogue(language, "mo")
        if entry.msgid
    }
    assert compiled == written, f"{language}: locale/{language}/LC_MESSAGES/django.mo is out of date"


@needs_gettext
def test_make_messages_finds_nothing_new_to_translate(tmp_path):
    """Every string marked in the code is already in every catalogue, translated.

    `make messages` is run on a copy of the project, so this checkout's files are untouched.
    """
    ignored = shutil.ignore_patterns(
        ".*",
        "__pycache__",
        "node_modules",
        "static_collected",
        "media",
        "e2e",
        "bench",
        "test-results",
        "*.mo",
        "*.sqlite3",
    )
    copy = tmp_path / "project"
    shutil.copytree(BASE, copy, ignore=lambda folder, names: {".venv", *ignored(folder, names)})
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--add-location=file"]
    command += [f"-l{language}" for language in LANGUAGES]
    command += ["--ignore=static_collected/*", "--ignore=*/tests/*", "--ignore=conftest.py"]
    # our own manage.py from this virtualenv, fixed arguments
    subprocess.run(command, cwd=copy, check=True, capture_output=True, env={"PATH": "/usr/bin:/bin"})  # noqa: S603
    for language in LANGUAGES:
        updated = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        committed = {entry_name(entry) for entry in catalogue(language)}
        new = [entry_name(entry) for entry in updated if entry_name(entry) not in committed]
        assert not new, f"{language}: marked but not in the catalogue (run `make messages`): {new}"
        assert not updated.untranslated_entries() and not updated.fuzzy_entries()


def our_templates(admin):
    """Our templates: the public ones, or (``admin=True``) those our apps render inside /admin/.

    Wagtail translates its own admin screens; ours beside them must follow the editor's language too.
    """
    for path in sorted((BASE / "templates").rglob("*")):
        name = path.relative_to(BASE / "templates").as_posix()
        if not path.is_file() or path.suffix not in (".html", ".txt") or name == "robots.txt":
            continue
        if ("admin/" in name) == admin:
            yield name, path.read_text(encoding="utf-8")


def unmarked_words(source):
    """Words a reader would see that no translate tag covers (markup, variables and comments removed)."""
    text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", "", source, flags=re.S)
    text = re.sub(r"{%\s*blocktrans(late)?\b.*?{%\s*endblocktrans(late)?\s*%}", "", text, flags=re.S)
    text = re.sub(r"{%\s*block body_class\s*%}.*?{%\s*endblock\s*%}", "", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S)
    attributes = re.findall(r'\b(?:title|alt|aria-label|placeholder)="([^"{]*[A-Za-z]{2}[^"{]*)"', text)
    text = re.sub(r"<[^>]*>", "\n", re.sub(r"{%.*?%}|{{.*?}}", " ", text, flags=re.S))
    return attributes + [line.strip() for line in text.splitlines() if re.search(r"[A-Za-z]{2,}", line)]


def test_every_word_in_the_public_templates_is_marked_for_translation():
    public_templates = our_templates(admin=False)
    unmarked = {name: words for name, source in public_templates if (words := unmarked_words(source))}
    assert not unmarked, f"wrap these in {{% translate %}} or {{% blocktranslate %}}: {unmarked}"


def test_every_word_in_our_admin_templates_is_marked_for_translation():
    admin_templates = dict(our_templates(admin=True))
    assert "handover/admin/set_up.html" in admin_templates and "handover/admin/impact.html" in admin_templates
    unmarked = {name: words for name, source in admin_templates.items() if (words := unmarked_words(source))}
    assert not unmarked, f"wrap these in {{% translate %}} or {{% blocktranslate %}}: {unmarked}"


@pytest.mark.django_db
def test_an_urdu_page_says_nothing_has_been_posted_in_urdu_right_to_left(client, home_page):
    from wagtail.models import Locale

    urdu_home = home_page.copy_for_translation(Locale.objects.get_or_create(language_code="ur")[0])
    urdu_home.title = "ٹیسٹ ٹاؤن"
    urdu_home.save_revision().publish()
    html = client.get("/ur/").content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    # The Urdu full stop closes the sentence, so it sits at its end (the left) in a right-to-left line.
    assert "<p>ابھی تک کچھ پوسٹ نہیں ہوا۔</p>" in html
    assert "Nothing has been posted yet" not in html
    assert "مرکزی مواد پر جائیں" in html, "the skip link is in Urdu too"


def test_an_email_subject_is_in_the_language_it_is_sent_in():
    surgery = SimpleNamespace(title="سوشل میڈیا سیشن", status="cancelled")
    with translation.override("ur"):
        assert (
            render_subject("surgeries/email/reminder_subject.txt", {"surgery": surgery})
            == "کل: سوشل میڈیا سیشن"
        )
        assert render_subject("surgeries/email/surgery_changed_subject.txt", {"surgery": surgery}) == (
            "منسوخ: سوشل میڈیا سیشن"
        )
    with translation.override("ar"):
        assert (
            render_subject("surgeries/email/reminder_subject.txt", {"surgery": surgery})
            == "غدًا: سوشل میڈیا سیشن"
        )
    with translation.override("pl"):
        subject = render_subject("surgeries/email/organiser_digest_subject.txt", {"count": 3})
        assert subject == "3 nowe rezerwacje na Twoje dyżury"
        subject = render_subject("surgeries/email/organiser_digest_subject.txt", {"count": 5})
        assert subject == "5 nowych rezerwacji na Twoje dyżury"
