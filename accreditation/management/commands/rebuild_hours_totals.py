from django.core.management.base import BaseCommand

from accreditation.services import hours_totals_rebuild


class Command(BaseCommand):
    help = "Recompute the report totals of approved hours from the ledger."

    def handle(self, *args, **options):
        groups = hours_totals_rebuild()
        self.stdout.write(f"{groups} groups of approved hours recomputed from the ledger.")
