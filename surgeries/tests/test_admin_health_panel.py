"""Surgery organisers see the dashboard's "Background work" panel: their confirmations depend on it."""

import pytest


@pytest.mark.django_db
def test_an_organiser_sees_the_background_work_panel(client, surgery, django_user_model):
    from django.contrib.auth.models import Permission

    organiser = django_user_model.objects.create_user("organiser", "o@example.com", "pw")
    organiser.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(organiser)
    assert "Background work" not in client.get("/admin/").content.decode()

    surgery.organisers.add(organiser)
    surgery.save()  # a page's many-to-many is stored when the page is saved
    assert "Background work" in client.get("/admin/").content.decode()
