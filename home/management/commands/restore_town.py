from django.core.management.base import BaseCommand, CommandError

from home.models import Town
from home.towns import TownError, restore_town


class Command(BaseCommand):
    help = (
        "Bring back a town taken off by remove_town: the same pages live, its address and its "
        "organisers' permissions."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The town's short name, e.g. walsall.")

    def handle(self, *args, slug, **options):
        town = Town.objects.filter(slug=slug).first()
        if town is None:
            raise CommandError(f"There is no town with the short name '{slug}'.")
        try:
            town = restore_town(town)
        except TownError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {town.name}: its pages are live again."))
