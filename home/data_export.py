"""Everything the site holds about one email address, as one file, for a subject access request.

Someone may ask what we hold about them. An administrator types their address and
downloads one JSON file with every newsletter subscription (and its consent record),
every surgery booking, every room-hire enquiry, every help-log entry that mentions
it and any admin account using it. Each app answers for its own data through its
``queries.py``; this module only gathers and writes. Each download is recorded in the
admin's history (Reports > Site history), naming the address and who downloaded it.
"""

import json

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from wagtail.log_actions import log

from handover.queries import personal_data_for_email as help_log_for_email
from subscriptions.queries import personal_data_for_email as subscriptions_for_email
from surgeries.queries import personal_data_for_email as bookings_for_email

from .models import RoomHireEnquiry

EXPORT_PERMISSION = "home.export_personal_data"
LOG_ACTION = "home.export_personal_data"


class PersonalDataForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        help_text=gettext_lazy(
            "The address the person used with us, e.g. when they subscribed, booked a surgery or asked "
            "to hire a room. Capital letters do not matter."
        ),
        error_messages={
            "required": gettext_lazy("Type the email address the person asked about."),
            "invalid": gettext_lazy("That is not an email address: it should look like name@example.org."),
        },
    )


def can_export(user):
    return user.is_active and user.has_perm(EXPORT_PERMISSION)


def enquiries_for_email(email):
    enquiries = (
        RoomHireEnquiry.objects.filter(email__iexact=email.strip())
        .select_related("centre")
        .order_by("created_at", "pk")
    )
    return [
        {
            "centre": enquiry.centre.title,
            "room": enquiry.room_name,
            "date_wanted": enquiry.date,
            "from": enquiry.starts_at,
            "until": enquiry.ends_at,
            "who_is_hiring": enquiry.get_hirer_kind_display(),
            "attendees": enquiry.attendees,
            "purpose": enquiry.purpose,
            "name": enquiry.name,
            "email": enquiry.email,
            "phone": enquiry.phone,
            "status": enquiry.get_status_display(),
            "notes_by_centre_team": enquiry.notes,
            "sent_at": enquiry.created_at,
            "emailed_to_centre_at": enquiry.emailed_at,
        }
        for enquiry in enquiries
    ]


def accounts_for_email(email):
    users = get_user_model().objects.filter(email__iexact=email.strip()).order_by("pk")
    return [
        {
            "username": user.get_username(),
            "name": user.get_full_name(),
            "email": user.email,
            "active": user.is_active,
            "joined": user.date_joined,
            "last_signed_in": user.last_login,
        }
        for user in users
    ]


def personal_data(email, exported_by):
    bookings = bookings_for_email(email)
    return {
        "email_address": email,
        "site": settings.WAGTAIL_SITE_NAME,
        "exported_at": timezone.now(),
        "exported_by": exported_by.get_username(),
        "newsletter_subscriptions": subscriptions_for_email(email),
        "surgery_bookings": bookings["bookings"],
        "confirmed_for_instant_surgery_booking": bookings["address_confirmed_for_instant_booking"],
        "room_hire_enquiries": enquiries_for_email(email),
        "help_log": help_log_for_email(email),
        "admin_accounts": accounts_for_email(email),
    }


SECTIONS = [
    "newsletter_subscriptions",
    "surgery_bookings",
    "room_hire_enquiries",
    "help_log",
    "admin_accounts",
]


@require_http_methods(["GET", "POST"])
def export_personal_data(request):
    if not can_export(request.user):
        raise PermissionDenied
    form = PersonalDataForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        data = personal_data(email, request.user)
        log(
            instance=request.user,
            action=LOG_ACTION,
            user=request.user,
            data={"email": email, "found": {section: len(data[section]) for section in SECTIONS}},
        )
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        stamp = f"{timezone.localtime():%Y-%m-%d}"
        response["Content-Disposition"] = (
            f'attachment; filename="personal-data-{slugify(email.replace("@", " at "))}-{stamp}.json"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
    context = {
        "page_title": gettext("Export someone's personal data"),
        "header_icon": "download",
        "form": form,
    }
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "home/admin/personal_data_export.html", context, status=status)


def describe_export(log_entry):
    """The history line: whose data, and how much was found."""
    data = log_entry.data or {}
    found = data.get("found") or {}
    total = sum(found.values()) if found else 0
    return f"Exported the personal data held about {data.get('email', 'an email address')} ({total} records)"
