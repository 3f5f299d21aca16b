from django.core.management.base import BaseCommand, CommandError

from home.models import Town
from home.towns import TownError, remove_town, restore_town


class Command(BaseCommand):
    help = (
        "Take a town off the web without deleting anything: its live pages are unpublished, its "
        "website's address is parked and its organisers' group loses its permissions. "
        "`manage.py restore_town SLUG` (or `remove_town SLUG --undo`) puts all of it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The town's short name, e.g. walsall.")
        parser.add_argument("--undo", action="store_true", help="Restore a removed town instead.")

    def handle(self, *args, slug, undo, **options):
        town = Town.objects.filter(slug=slug).first()
        if town is None:
            raise CommandError(f"There is no town with the short name '{slug}'.")
        try:
            town = restore_town(town) if undo else remove_town(town)
        except TownError as error:
            raise CommandError(str(error)) from error
        if undo:
            self.stdout.write(self.style.SUCCESS(f"Restored {town.name}: its pages are live again."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Removed {town.name}: {len(town.removed_state['pages'])} page(s) unpublished, nothing "
                    f"deleted. Undo with: manage.py restore_town {town.slug}"
                )
            )
