"""``manage.py h5p_import FILE...``: load a set of ``.h5p`` packages at once, as the office
does before a season. Each file goes through the same checks and the same service as an
upload in the admin; one line per file says whether it was accepted or why not. A refused
file leaves nothing behind and does not stop the others."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.h5p import PackageRejected
from assessments.services import package_create


class Command(BaseCommand):
    help = "Check and store H5P packages; print one line per package."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--allow-media-hosts",
            action="store_true",
            help="Allow each package the media hosts its content names (YouTube and Vimeo "
            "through their privacy-enhanced players). Without it they are listed, not allowed.",
        )
        parser.add_argument(
            "--uploaded-by", metavar="EMAIL", help="Record this user as the uploader."
        )

    def handle(self, *args, files, allow_media_hosts, uploaded_by, **options):
        uploader = None
        if uploaded_by:
            uploader = get_user_model().objects.filter(email__iexact=uploaded_by).first()
            if uploader is None:
                raise CommandError(_("No user has the address %(email)s.") % {"email": uploaded_by})
        refused = 0
        for name in files:
            path = Path(name)
            if not path.is_file():
                refused += 1
                self.stdout.write(_("%(file)s: refused: no such file.") % {"file": name})
                continue
            try:
                with path.open("rb") as handle:
                    package = package_create(
                        upload=File(handle, name=path.name),
                        uploaded_by=uploader,
                        allow_media_hosts=allow_media_hosts,
                    )
            except PackageRejected as rejection:
                refused += 1
                self.stdout.write(
                    _("%(file)s: refused: %(reason)s") % {"file": name, "reason": rejection.message}
                )
                continue
            line = _("%(file)s: accepted as “%(title)s” (%(library)s).") % {
                "file": name,
                "title": package.title,
                "library": package.main_library,
            }
            if package.media_hosts:
                line += " " + _("Media allowed from: %(hosts)s.") % {
                    "hosts": ", ".join(package.media_hosts)
                }
            if package.media_hosts_unconfirmed:
                line += " " + _("Media hosts not allowed: %(hosts)s.") % {
                    "hosts": ", ".join(package.media_hosts_unconfirmed)
                }
            if package.inert_files:
                count = len(package.inert_files)
                line += " " + ngettext(
                    "Left out %(count)d file browsers no longer run (Flash).",
                    "Left out %(count)d files browsers no longer run (Flash).",
                    count,
                ) % {"count": count}
            self.stdout.write(line)
        if refused:
            raise CommandError(
                ngettext(
                    "%(refused)d of %(total)d package refused.",
                    "%(refused)d of %(total)d packages refused.",
                    len(files),
                )
                % {"refused": refused, "total": len(files)}
            )
