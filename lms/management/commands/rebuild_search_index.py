"""Write every app's search index afresh (after a change to ``lms.search``'s rules, or to
repair it). Each app registers its rebuild as the Wagtail hook ``rebuild_search_index``: a
callable taking no arguments and returning (name, number of items indexed)."""

from django.core.management.base import BaseCommand
from wagtail import hooks


class Command(BaseCommand):
    help = "Rebuild the search indexes of the knowledge base and the forums."

    def handle(self, *args, **options) -> None:
        for rebuild in hooks.get_hooks("rebuild_search_index"):
            name, count = rebuild()
            if options["verbosity"]:
                self.stdout.write(f"{name}: {count} indexed")
