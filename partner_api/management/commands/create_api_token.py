from django.core.management.base import BaseCommand, CommandError

from lms.models import Organisation
from partner_api.services import token_create


class Command(BaseCommand):
    help = "Make an API token for a partner organisation and print it (its only copy)."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="the organisation's short name (slug)")
        parser.add_argument("--name", default="Partner system", help="what the token is for")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the short name {options['organisation']!r}.")
        token = token_create(organisation=organisation, name=options["name"])
        self.stdout.write(token)
