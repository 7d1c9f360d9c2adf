"""Checking and unpacking ``.h5p`` packages before anything of them is kept.

An ``.h5p`` file is a zip archive written by someone we trust only so far (a trainer's
download from anywhere). Every upload passes :func:`package_check` before a byte of it is
stored; the first problem found stops the upload with a message naming the file inside the
package and what is wrong with it.

pyh5p (our dependency for H5P tooling) checks archive members and ``h5p.json``, but in a
plain validate it does not read the fields of each ``library.json`` and it lets ``.svg``
through. We do the whole check here, in one pass, so that the messages are ours (and
translated) and the rules are in one place:

* a real zip, within the size, member-count and compression-ratio limits (zip bombs);
* no path traversal (``..``), absolute paths, drive letters, backslashes or symlinks;
* every file's extension on the allow-list (H5P core's list, minus anything a browser
  would run as a page: no ``.html``, ``.htm``, ``.xhtml``, ``.php`` ...); files of a type
  H5P core allows but no browser runs any more (``.swf``, Flash fallbacks that hub
  libraries such as H5P.Video still ship) pass, and are left out when the package is
  unpacked (:attr:`CheckedPackage.inert`), so they are never stored or served;
* ``h5p.json`` and ``content/content.json`` are valid JSON with the required fields;
* every top-level folder besides ``content`` is a library folder (``Machine.Name-1.2``)
  holding a valid ``library.json`` that names the same library and version, whose
  ``preloadedJs``/``preloadedCss`` files exist;
* every library in ``preloadedDependencies`` (of the package and of each library) is there.

The hosts the content plays media from (a video on another server, YouTube, Vimeo) are
read from ``content/content.json`` (:func:`media_hosts_named`), for the trainer to confirm:
the player's policy allows only the confirmed ones (``assessments.views``).

SVG files are allowed because H5P libraries ship icons as SVG; they are made harmless
where they are served (see ``assessments.views.h5p_file``), not here.
"""

import json
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.jsonbody import nesting_depth

# H5P core's default allow-list (h5p.classes.php) for content and libraries, without "swf"
# and without "xml"/"html"-like types a browser could render as an active document.
ALLOWED_EXTENSIONS = frozenset(
    {
        "json",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "tif",
        "tiff",
        "svg",
        "eot",
        "ttf",
        "woff",
        "woff2",
        "otf",
        "webm",
        "mp4",
        "ogg",
        "mp3",
        "m4a",
        "wav",
        "txt",
        "pdf",
        "rtf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "odp",
        "csv",
        "diff",
        "patch",
        "md",
        "textile",
        "vtt",
        "webvtt",
        "js",
        "css",
    }
)
# In H5P core's list, but no browser runs them: accepted, then left out at unpacking.
INERT_EXTENSIONS = frozenset({"swf"})
LIBRARY_FOLDER = re.compile(r"^(?P<name>[A-Za-z][\w.\-]*?)-(?P<major>\d+)\.(?P<minor>\d+)$")
MACHINE_NAME = re.compile(r"^[A-Za-z][\w.\-]*$")
# H5P content (a course presentation of question sets) nests a few dozen levels at most;
# deeper JSON is refused before parsing, which would otherwise recurse once per level.
MAX_JSON_DEPTH = 200
EMBED_TYPES = {"div", "iframe"}
# H5P core's rule for a library's translations (language/ar.json, language/pt-br.json).
LANGUAGE_FILE = re.compile(r"^(-?[a-z]+){1,7}\.json$", re.IGNORECASE)


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_upload_bytes() -> int:
    return limit("MANARA_H5P_MAX_BYTES", 100 * 1024 * 1024)


def max_unpacked_bytes() -> int:
    return limit("MANARA_H5P_MAX_UNPACKED_BYTES", 300 * 1024 * 1024)


def max_members() -> int:
    return limit("MANARA_H5P_MAX_FILES", 5000)


def max_ratio() -> int:
    return limit("MANARA_H5P_MAX_COMPRESSION_RATIO", 100)


class PackageRejected(Exception):
    """The package may not be kept; ``message`` says which file and what is wrong."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class LibraryInfo:
    folder: str
    machine_name: str
    major: int
    minor: int
    patch: int = 0
    dependencies: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class CheckedPackage:
    """What the upload said about itself, once it passed every check."""

    title: str
    main_library: str
    language: str
    h5p_json: dict
    members: list[zipfile.ZipInfo]
    libraries: dict[str, LibraryInfo]
    unpacked_bytes: int
    # Members of a type no browser runs (.swf): accepted, never stored nor served.
    inert: list[str] = field(default_factory=list)
    # The hosts the content plays media from, as the player's policy would name them.
    media_hosts: list[str] = field(default_factory=list)

    @property
    def kept_members(self) -> list[zipfile.ZipInfo]:
        inert = set(self.inert)
        return [info for info in self.members if info.filename not in inert]


def _reject(message: str):
    raise PackageRejected(message)


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if "\\" in name:
        return _("“%(file)s” uses backslashes in its path.") % {"file": name}
    if "\x00" in name:
        return _("“%(file)s” has a NUL character in its name.") % {"file": name}
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return _("“%(file)s” has an absolute path.") % {"file": name}
    if ".." in PurePosixPath(name).parts:
        return _("“%(file)s” points outside the package (“..”).") % {"file": name}
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return _("“%(file)s” is a symbolic link.") % {"file": name}
    if info.is_dir():
        return None
    if info.flag_bits & 0x1:
        return _("“%(file)s” is encrypted.") % {"file": name}
    suffix = PurePosixPath(name).suffix.lower().lstrip(".")
    if suffix not in ALLOWED_EXTENSIONS and suffix not in INERT_EXTENSIONS:
        return _("“%(file)s” has a file type H5P packages may not contain (.%(extension)s).") % {
            "file": name,
            "extension": suffix or "?",
        }
    if info.compress_size and info.file_size / info.compress_size > max_ratio():
        return _(
            "“%(file)s” expands more than %(ratio)d times when unpacked; "
            "this looks like a zip bomb."
        ) % {"file": name, "ratio": max_ratio()}
    return None


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, never more than its declared size (a lying header stops here)."""
    with archive.open(info) as stream:
        data = stream.read(info.file_size + 1)
    if len(data) > info.file_size:
        _reject(_("“%(file)s” is larger than the package says.") % {"file": info.filename})
    return data


def _json(archive: zipfile.ZipFile, members: dict, name: str):
    info = members.get(name)
    if info is None:
        _reject(_("The package has no “%(file)s”.") % {"file": name})
    data = read_member(archive, info)
    if nesting_depth(data, stop_above=MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        _reject(
            _("“%(file)s” is nested more than %(depth)d levels deep.")
            % {"file": name, "depth": MAX_JSON_DEPTH}
        )
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        _reject(_("“%(file)s” is not valid JSON: %(error)s.") % {"file": name, "error": str(error)})


def _version(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _dependencies(document: dict, file: str) -> list[tuple[str, int, int]]:
    entries = document.get("preloadedDependencies", [])
    if not isinstance(entries, list):
        _reject(_("“%(file)s”: “preloadedDependencies” must be a list.") % {"file": file})
    found = []
    for entry in entries:
        name = entry.get("machineName") if isinstance(entry, dict) else None
        major = _version(entry.get("majorVersion")) if isinstance(entry, dict) else None
        minor = _version(entry.get("minorVersion")) if isinstance(entry, dict) else None
        if not (isinstance(name, str) and MACHINE_NAME.match(name)) or None in (major, minor):
            _reject(
                _("“%(file)s” lists a dependency without a valid name and version: %(entry)s")
                % {"file": file, "entry": json.dumps(entry)[:200]}
            )
        found.append((name, major, minor))
    return found


def _check_h5p_json(document) -> dict:
    file = "h5p.json"
    if not isinstance(document, dict):
        _reject(_("“%(file)s” must hold a JSON object.") % {"file": file})
    for key in ("title", "mainLibrary"):
        if not isinstance(document.get(key), str) or not document[key].strip():
            _reject(
                _("“%(file)s” lacks the required field “%(field)s”.") % {"file": file, "field": key}
            )
    if "preloadedDependencies" not in document:
        _reject(
            _("“%(file)s” lacks the required field “%(field)s”.")
            % {"file": file, "field": "preloadedDependencies"}
        )
    embed_types = document.get("embedTypes", ["div"])
    if not isinstance(embed_types, list) or not set(embed_types) <= EMBED_TYPES or not embed_types:
        _reject(_("“%(file)s”: “embedTypes” must list “div” and/or “iframe”.") % {"file": file})
    if not isinstance(document.get("language", "und"), str):
        _reject(_("“%(file)s”: “language” must be a language code.") % {"file": file})
    return document


def _check_library(archive, members, folder: str) -> LibraryInfo:
    file = f"{folder}/library.json"
    match = LIBRARY_FOLDER.match(folder)
    if match is None:
        _reject(
            _("“%(folder)s” is not a library folder name (expected Name-major.minor).")
            % {"folder": folder}
        )
    document = _json(archive, members, file)
    if not isinstance(document, dict):
        _reject(_("“%(file)s” must hold a JSON object.") % {"file": file})
    for key in ("title", "machineName", "majorVersion", "minorVersion", "patchVersion", "runnable"):
        if key not in document:
            _reject(
                _("“%(file)s” lacks the required field “%(field)s”.") % {"file": file, "field": key}
            )
    name = document["machineName"]
    versions = [_version(document[key]) for key in ("majorVersion", "minorVersion", "patchVersion")]
    if not isinstance(name, str) or not MACHINE_NAME.match(name) or None in versions:
        _reject(_("“%(file)s” has an invalid machine name or version.") % {"file": file})
    expected = f"{name}-{versions[0]}.{versions[1]}"
    if folder != expected:
        _reject(
            _("Library folder “%(folder)s” holds “%(library)s”; it should be named “%(expected)s”.")
            % {
                "folder": folder,
                "library": f"{name} {versions[0]}.{versions[1]}",
                "expected": expected,
            }
        )
    for key in ("preloadedJs", "preloadedCss"):
        entries = document.get(key, [])
        if not isinstance(entries, list):
            _reject(_("“%(file)s”: “%(field)s” must be a list.") % {"file": file, "field": key})
        for entry in entries:
            path = entry.get("path") if isinstance(entry, dict) else None
            if not isinstance(path, str) or f"{folder}/{path}" not in members:
                _reject(
                    _("“%(file)s” lists “%(path)s” in %(field)s, but the package lacks it.")
                    % {"file": file, "path": str(path), "field": key}
                )
    prefix = f"{folder}/language/"
    for member in members:
        if member.startswith(prefix) and not LANGUAGE_FILE.match(member[len(prefix) :]):
            _reject(
                _("“%(file)s” is not a language file name (expected a code such as ar.json).")
                % {"file": member}
            )
    return LibraryInfo(
        folder=folder,
        machine_name=name,
        major=versions[0],
        minor=versions[1],
        patch=versions[2],
        dependencies=_dependencies(document, file),
    )


def package_check(upload, *, name: str) -> CheckedPackage:
    """Check an uploaded ``.h5p`` (a file object) and return what it holds, or raise
    PackageRejected with a message naming the problem. Reads only; writes nothing.

    The steps run in this order and the first problem found stops the check: the upload's
    size, the zip itself, its members (paths, types, sizes), ``h5p.json`` and
    ``content/content.json``, the top-level layout, each library, and the dependencies.
    """
    _check_upload_size(upload, name=name)
    archive, infos = _open_archive(upload, name=name)
    with archive:
        unpacked_bytes = _check_members(infos, name=name)
        members = {info.filename: info for info in infos if not info.is_dir()}
        h5p_json = _check_h5p_json(_json(archive, members, "h5p.json"))
        content = _check_content_json(archive, members)
        folders = _library_folders(members)
        libraries = _check_libraries(archive, members, folders)
        _check_dependencies(h5p_json, libraries)
        return CheckedPackage(
            title=h5p_json["title"].strip()[:255],
            main_library=h5p_json["mainLibrary"],
            language=str(h5p_json.get("language", "und"))[:16],
            h5p_json=h5p_json,
            members=[info for info in infos if not info.is_dir()],
            libraries=libraries,
            unpacked_bytes=unpacked_bytes,
            inert=sorted(name for name in members if is_inert(name)),
            media_hosts=media_hosts_named(content),
        )


def _check_upload_size(upload, *, name: str) -> None:
    """Refuse an upload over the size limit before reading any of it."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_upload_bytes():
        _reject(
            _("“%(name)s” is %(size)s; H5P packages may be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(size),
                "limit": filesizeformat(max_upload_bytes()),
            }
        )


def _open_archive(upload, *, name: str) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The upload as an open zip archive and its members, or a rejection if it is none."""
    upload.seek(0)
    if not zipfile.is_zipfile(upload):
        _reject(
            _("“%(name)s” is not a zip archive, so it cannot be an H5P package.") % {"name": name}
        )
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        _reject(
            _("“%(name)s” is a damaged zip archive: %(error)s") % {"name": name, "error": error}
        )
    return archive, infos


def _check_members(infos: list[zipfile.ZipInfo], *, name: str) -> int:
    """Check the number of members, each member (path, type, ratio) and the archive's
    unpacked size and overall compression ratio; return the unpacked size in bytes."""
    if len(infos) > max_members():
        _reject(
            ngettext(
                "“%(name)s” holds too many files (%(count)d); at most %(limit)d is allowed.",
                "“%(name)s” holds too many files (%(count)d); at most %(limit)d are allowed.",
                max_members(),
            )
            % {"name": name, "count": len(infos), "limit": max_members()}
        )
    total = 0
    for info in infos:
        problem = _member_problem(info)
        if problem:
            _reject(problem)
        total += info.file_size
    if total > max_unpacked_bytes():
        _reject(
            _("“%(name)s” unpacks to %(size)s; at most %(limit)s is allowed.")
            % {
                "name": name,
                "size": filesizeformat(total),
                "limit": filesizeformat(max_unpacked_bytes()),
            }
        )
    compressed = sum(info.compress_size for info in infos) or 1
    if total > 1024 * 1024 and total / compressed > max_ratio():
        _reject(
            _(
                "“%(name)s” expands more than %(ratio)d times when unpacked; "
                "this looks like a zip bomb."
            )
            % {"name": name, "ratio": max_ratio()}
        )
    return total


def _check_content_json(archive: zipfile.ZipFile, members: dict) -> dict:
    content = _json(archive, members, "content/content.json")
    if not isinstance(content, dict):
        _reject(_("“%(file)s” must hold a JSON object.") % {"file": "content/content.json"})
    return content


def _library_folders(members: dict) -> list[str]:
    """The top-level folders besides ``content``, in name order; only ``h5p.json`` may sit
    at the top beside them."""
    folders = sorted({n.split("/", 1)[0] for n in members if "/" in n} - {"content"})
    stray = [n for n in members if "/" not in n and n != "h5p.json"]
    if stray:
        _reject(_("“%(file)s” does not belong at the top of an H5P package.") % {"file": stray[0]})
    return folders


def _check_libraries(archive: zipfile.ZipFile, members: dict, folders) -> dict[str, LibraryInfo]:
    """Every library folder checked; the problems of all of them are reported together."""
    libraries, problems = {}, []
    for folder in folders:
        try:
            libraries[folder] = _check_library(archive, members, folder)
        except PackageRejected as rejected:
            problems.append(rejected.message)
    if problems:
        _reject(" ".join(problems))
    return libraries


def _check_dependencies(h5p_json: dict, libraries: dict[str, LibraryInfo]) -> None:
    """Every library the package or one of its libraries preloads is in the package, and the
    main library is among the package's own dependencies."""
    present = {(lib.machine_name, lib.major, lib.minor) for lib in libraries.values()}
    package_needs = _dependencies(h5p_json, "h5p.json")
    wanted = [("h5p.json", dep) for dep in package_needs]
    for library in libraries.values():
        wanted += [(f"{library.folder}/library.json", dep) for dep in library.dependencies]
    for file, (machine_name, major, minor) in wanted:
        if (machine_name, major, minor) not in present:
            _reject(
                _("“%(file)s” needs the library %(library)s, which the package lacks.")
                % {"file": file, "library": f"{machine_name} {major}.{minor}"}
            )
    main = h5p_json["mainLibrary"]
    if not any(machine_name == main for machine_name, _major, _minor in package_needs):
        _reject(
            _("“%(file)s”: the main library %(library)s is not among its dependencies.")
            % {"file": "h5p.json", "library": main}
        )


def is_inert(name: str) -> bool:
    """Whether a package member is of a type no browser runs (kept out of storage)."""
    return PurePosixPath(name).suffix.lower().lstrip(".") in INERT_EXTENSIONS


# YouTube and Vimeo play through their privacy-enhanced players only.
YOUTUBE = "www.youtube-nocookie.com"
VIMEO = "player.vimeo.com"
_PRIVACY_HOSTS = {
    "youtube.com": YOUTUBE,
    "www.youtube.com": YOUTUBE,
    "m.youtube.com": YOUTUBE,
    "youtu.be": YOUTUBE,
    "y2u.be": YOUTUBE,
    "youtube-nocookie.com": YOUTUBE,
    "www.youtube-nocookie.com": YOUTUBE,
    "vimeo.com": VIMEO,
    "www.vimeo.com": VIMEO,
    "player.vimeo.com": VIMEO,
}
# A host name as a Content-Security-Policy source may hold it: letters, digits, hyphens and
# dots, an optional port; nothing that could end the directive or widen it (no "*", ";").
MEDIA_HOST = re.compile(
    r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+(?::\d{1,5})?$"
)


def media_host(address: str) -> str | None:
    """The host a media address plays from, as the policy names it (YouTube and Vimeo as
    their privacy-enhanced players), or None for anything that is not an http(s) address
    of a proper host name."""
    try:
        parts = urlsplit(address.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    if host in _PRIVACY_HOSTS:
        return _PRIVACY_HOSTS[host]
    name = f"{host}:{port}" if port else host
    return name if len(name) <= 253 and MEDIA_HOST.match(name) else None


def media_hosts_named(content) -> list[str]:
    """Every host the content's media files (any ``path`` that is an http(s) address: video
    and audio sources, images) come from, sorted, each once."""
    hosts: set[str] = set()
    stack = [content]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            path = node.get("path")
            if isinstance(path, str) and path.lower().startswith(("http://", "https://")):
                host = media_host(path)
                if host:
                    hosts.add(host)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return sorted(hosts)
