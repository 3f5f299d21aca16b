from django.core.management.base import BaseCommand, CommandError

from home.towns import IN_NETWORK, OWN_SITE, TownForm, create_town

OPTIONS = [
    ("--hostname", "For a town with its own website: its host name, e.g. walsall.example.org."),
    ("--port", "Its port (default 80)."),
    ("--in-network", None),
    (
        "--parent",
        "For --in-network: the id of the network home page it goes under (default: the main site's).",
    ),
    ("--latitude", "Where the town is, e.g. 52.58611, for 'nearest to me'."),
    ("--longitude", "East (+) or west (-) of Greenwich, e.g. -1.98250."),
    ("--organisation-name", "Who runs the town's website (default: the town's name)."),
    (
        "--primary-colour",
        "The colour of the top of its pages, e.g. #14532d (refused if white text is hard to read).",
    ),
    ("--footer-text", "A few words at the foot of every page."),
    ("--sender-email", "The address its emails come from."),
    ("--contact-email", "Where readers can write to the organisers."),
    ("--helper-label", "What it calls people who give help, e.g. 'volunteer'."),
    ("--attendee-label", "What it calls people who come for help, e.g. 'guest'."),
]


class Command(BaseCommand):
    help = (
        "Add a town in one go: its home (its own website with --hostname, or a place inside the "
        "network's website with --in-network), an organisers' group allowed to edit only that part "
        "of the site, a picture and document collection, its settings and draft starter pages. "
        "Nothing is created if anything is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="The town's name, e.g. Walsall.")
        parser.add_argument("slug", help="Its short name for addresses, e.g. walsall.")
        for option, text in OPTIONS:
            if option == "--in-network":
                parser.add_argument(
                    option, action="store_true", help="Make it a place inside the network's website."
                )
            else:
                parser.add_argument(option, help=text)

    def handle(self, *args, **options):
        data = {
            "name": options["name"],
            "slug": options["slug"],
            "kind": IN_NETWORK if options["in_network"] else OWN_SITE,
        }
        for option, _text in OPTIONS:
            key = option[2:].replace("-", "_")
            if key != "in_network" and options.get(key) is not None:
                data[key] = options[key]
        form = TownForm(data)
        if not form.is_valid():
            problems = [
                f"{field if field != '__all__' else 'town'}: {message}"
                for field, messages in form.errors.items()
                for message in messages
            ]
            raise CommandError("The town was not added.\n" + "\n".join(problems))
        town = create_town(form.cleaned_data)
        where = f"http://{town.site.hostname}:{town.site.port}/" if town.site else town.root_page.url_path
        message = f"Added {town.name} at {where}. Put its organisers in the group '{town.organisers.name}'."
        if town.site:
            message += " Its About, Privacy and Accessibility pages are drafts waiting for words."
        self.stdout.write(self.style.SUCCESS(message))
