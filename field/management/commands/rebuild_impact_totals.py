from django.core.management.base import BaseCommand

from field.impact import impact_totals_rebuild


class Command(BaseCommand):
    help = "Recompute the season's impact totals (the impact pages' figures) from the ledger."

    def handle(self, *args, **options):
        groups = impact_totals_rebuild()
        self.stdout.write(f"{groups} groups of impact recomputed from the ledger.")
