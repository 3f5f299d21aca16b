"""The admin's "Towns" screen: network admins list the towns and add one with the same form as ``add_town``.

Only superusers and people given "Can add town" (``home.add_town``) see it. Removing and
restoring a town are commands (``remove_town``, ``restore_town``), kept off the screen so a
whole town is never taken down by one stray click.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from wagtail.log_actions import log

from .models import Town
from .towns import TownForm, create_town

ADD_PERMISSION = "home.add_town"


def can_add_towns(user):
    return user.is_active and (user.is_superuser or user.has_perm(ADD_PERMISSION))


def town_index(request):
    if not can_add_towns(request.user):
        raise PermissionDenied
    towns = Town.objects.select_related("site", "root_page", "organisers").order_by("name")
    context = {"page_title": gettext("Towns"), "header_icon": "site", "towns": towns}
    return TemplateResponse(request, "home/admin/towns.html", context)


@require_http_methods(["GET", "POST"])
def add_town(request):
    if not can_add_towns(request.user):
        raise PermissionDenied
    form = TownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        town = create_town(form.cleaned_data, user=request.user)
        log(instance=town.root_page.specific, action="wagtail.create", user=request.user)
        messages.success(
            request,
            gettext("Added %(town)s. Put its organisers in the group '%(group)s'.")
            % {"town": town.name, "group": town.organisers.name},
        )
        return redirect("home_towns:index")
    context = {"page_title": gettext("Add a town"), "header_icon": "site", "form": form}
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "home/admin/add_town.html", context, status=status)
