"""The media library on the site: ``media:<id>`` in a text becomes an image or a document
link, and a release carries the files of the media its texts refer to.

Flask-free. A *resolver* says where an item's files are: on the built site
(``ReleaseMedia``: ``/medias/<id>/<file>``) or in the admin (``AdminMedia``: the signed-in
``view``/``download`` URLs, for previews and the editor). A resolver is plain data, so it
crosses into Pelican's render child with the settings.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown's docs use
from collections.abc import Iterable
from dataclasses import dataclass, fields, is_dataclass
from urllib.parse import urlsplit

from babel.numbers import format_decimal
from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from app.publishing.content import FileContent, MediaContent, RenditionContent, SiteContent
from app.publishing.export import MEDIA_PATH

# Widths of the resized copies of an image (never wider than the original).
IMAGE_WIDTHS = (480, 960, 1600)
# The theme's text column: 45em from 50em wide screens, the full width below.
IMAGE_SIZES = "(min-width: 50em) 45em, 100vw"
REFERENCE = re.compile(r"\bmedia:(\d{1,12})\b")
_WHOLE_REFERENCE = re.compile(r"^\s*media:(\d{1,12})\s*$")
# Short names of the formats a library accepts, by media type.
FORMAT_NAMES = {
    "application/pdf": "PDF",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
    "image/avif": "AVIF",
}
_UNITS = {"fr": ("octets", "Ko", "Mo"), "en": ("bytes", "KB", "MB")}


def size_label(size: int, lang: str = "fr") -> str:
    """A file size as people read it: "820 octets", "350 Ko", "1,2 Mo" (1 Ko = 1,024 bytes)."""
    units = _UNITS.get(lang, _UNITS["en"])
    if size < 1024:
        return f"{size} {units[0]}"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} {units[1]}"
    return f"{format_decimal(round(size / 1024 / 1024, 1), '#,##0.#', locale=lang)} {units[2]}"


def format_name(file: FileContent) -> str:
    """The format's short name ("PDF", "ODT"), from the checked media type."""
    return FORMAT_NAMES.get(file.media_type) or file.filename.rsplit(".", 1)[-1].upper()


def file_label(file: FileContent, lang: str = "fr") -> str:
    """What every link to a document says after its text: "PDF, 1,2 Mo"."""
    return f"{format_name(file)}, {size_label(file.size, lang)}"


def referenced_ids(text: str) -> set[int]:
    """The library ids a text refers to (``media:<id>``)."""
    return {int(match) for match in REFERENCE.findall(text or "")}


def referenced_in(items: Iterable[object]) -> set[int]:
    """The library ids every text field of these site items (dataclasses) refers to."""
    found: set[int] = set()
    for item in items:
        if not is_dataclass(item):
            continue
        for spec in fields(item):
            found |= _ids_in(getattr(item, spec.name))
    return found


def _ids_in(value: object) -> set[int]:
    """The library ids a field refers to: a text, or the texts of its translations."""
    if isinstance(value, str):
        return referenced_ids(value)
    if isinstance(value, dict):
        return {i for nested in value.values() for i in _ids_in(nested)}
    return set()


def site_texts(content: SiteContent) -> list[object]:
    """Every published item of a site whose texts may refer to the library."""
    return [
        *content.pages,
        *content.entries,
        *content.news,
        *content.events,
        *content.alerts,
        *content.acts,
    ]


def fallback_rendition(media: MediaContent) -> RenditionContent | None:
    """The largest JPEG or PNG copy of an image: the ``src`` every browser can show."""
    candidates = [r for r in media.renditions if r.format in ("jpeg", "png")]
    return max(candidates, key=lambda r: r.width, default=None)


def renditions_in(media: MediaContent, image_format: str) -> list[RenditionContent]:
    return sorted((r for r in media.renditions if r.format == image_format), key=lambda r: r.width)


def release_path(media: MediaContent, file: FileContent) -> str:
    """Where a file of a library item lives in a release (ids keep equal names apart)."""
    return f"{MEDIA_PATH}/{media.id}/{file.filename}"


def media_attachments(content: SiteContent) -> dict[str, FileContent]:
    """Release path -> stored file, for every item the site's texts refer to."""
    files: dict[str, FileContent] = {}
    for media in content.media:
        if media.kind == "image":
            for rendition in media.renditions:
                files[release_path(media, rendition.file)] = rendition.file
        else:
            files[release_path(media, media.file)] = media.file
    return files


def media_fingerprint(content: SiteContent) -> str:
    """What of the library shapes the rendered texts (a change must refresh cached pages)."""
    return repr((site_base(content), content.media))


def site_base(content: SiteContent) -> str:
    """The site's root path on its host: "/" with its own host name, "/<slug>/" under the
    platform's address."""
    path = urlsplit(content.live_url).path or "/"
    return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class ImageSource:
    """What an ``<img>`` of a library image says."""

    src: str
    width: int
    height: int
    alt: str
    decorative: bool
    credit: str
    srcset: str = ""
    avif_srcset: str = ""


@dataclass(frozen=True)
class DocumentLink:
    """Where a link to a library document points, and its "PDF, 1,2 Mo"."""

    href: str
    title: str
    label: str
    scanned: bool  # a PDF without any text (a scan): unreadable by screen readers


class MediaResolver:
    """Resolve ``media:<id>`` against the items of one tenant's library.

    After a render, ``decorative_srcs`` holds the ``src`` of the images shown as
    decorative (empty alternative on purpose) and ``scanned_hrefs`` the links to PDFs
    without text: the accessibility check reads them."""

    def __init__(self, media: Iterable[MediaContent] = (), *, lang: str = "fr") -> None:
        self.items = {item.id: item for item in media}
        self.lang = lang
        self.decorative_srcs: set[str] = set()
        self.scanned_hrefs: set[str] = set()

    def file_url(self, media: MediaContent, file: FileContent) -> str:
        raise NotImplementedError

    def image_url(self, media: MediaContent) -> str:
        """The ``src`` of an image (its fallback copy)."""
        fallback = fallback_rendition(media)
        return self.file_url(media, fallback.file if fallback else media.file)

    def document_url(self, media: MediaContent) -> str:
        return self.file_url(media, media.file)

    def srcset(self, media: MediaContent, image_format: str) -> str:
        return ", ".join(
            f"{self.file_url(media, r.file)} {r.width}w" for r in renditions_in(media, image_format)
        )

    def image(self, media_id: int, alt: str | None = None) -> ImageSource | None:
        """The image ``media_id`` (None: unknown, another tenant's, or a document)."""
        media = self.items.get(media_id)
        if media is None or media.kind != "image":
            return None
        largest = max(media.renditions, key=lambda r: r.width, default=None)
        width, height = (largest.width, largest.height) if largest else (0, 0)
        text = alt if alt else ("" if media.decorative else media.alt_text)
        source = ImageSource(
            src=self.image_url(media),
            width=width or media.file.width or 0,
            height=height or media.file.height or 0,
            alt=text,
            decorative=media.decorative and not text,
            credit=media.credit,
            srcset=self.srcset(media, "webp"),
            avif_srcset=self.srcset(media, "avif"),
        )
        if source.decorative:
            self.decorative_srcs.add(source.src)
        return source

    def document(self, media_id: int) -> DocumentLink | None:
        """Where a link to ``media_id`` points (an image links to its largest copy)."""
        media = self.items.get(media_id)
        if media is None:
            return None
        if media.kind == "image":
            fallback = fallback_rendition(media)
            file = fallback.file if fallback else media.file
            href = self.file_url(media, file)
        else:
            file, href = media.file, self.document_url(media)
        scanned = media.kind == "document" and media.has_text is False
        if scanned:
            self.scanned_hrefs.add(href)
        return DocumentLink(href, media.title, file_label(file, self.lang), scanned)


class ReleaseMedia(MediaResolver):
    """Files as a release publishes them: ``<site root>medias/<id>/<file>``."""

    def __init__(self, media: Iterable[MediaContent] = (), *, base: str = "/", lang="fr"):
        super().__init__(media, lang=lang)
        self.base = base if base.endswith("/") else base + "/"

    def file_url(self, media: MediaContent, file: FileContent) -> str:
        return self.base + release_path(media, file)


class AdminMedia(MediaResolver):
    """Files as the admin serves them to signed-in members (previews, the editor)."""

    def __init__(self, media: Iterable[MediaContent] = (), *, prefix: str, lang: str = "fr"):
        super().__init__(media, lang=lang)
        self.prefix = prefix.rstrip("/")

    def file_url(self, media: MediaContent, file: FileContent) -> str:
        action = "view" if media.kind == "image" else "download"
        return f"{self.prefix}/media/{media.id}/{action}"

    def image_url(self, media: MediaContent) -> str:
        return f"{self.prefix}/media/{media.id}/view"

    def srcset(self, media: MediaContent, image_format: str) -> str:
        return ""  # the editor works on the plain ``src``, which it maps back to media:<id>


def release_media(content: SiteContent) -> ReleaseMedia:
    """The resolver of a build of ``content``."""
    return ReleaseMedia(content.media, base=site_base(content))


# --- Python-Markdown -----------------------------------------------------------------


def _media_id(value: str | None) -> int | None:
    match = _WHOLE_REFERENCE.match(value or "")
    return int(match.group(1)) if match else None


class _ResolveMedia(Treeprocessor):
    """Replace ``<img src="media:N">`` and ``<a href="media:N">`` after inline parsing."""

    def __init__(self, md: Markdown, resolver: MediaResolver) -> None:
        super().__init__(md)
        self.resolver = resolver

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "img" and (media_id := _media_id(child.get("src"))) is not None:
                    self._image(parent, child, media_id)
                elif child.tag == "a" and (media_id := _media_id(child.get("href"))) is not None:
                    self._link(parent, child, media_id)
        self._figures(root)

    def _image(self, parent: etree.Element, img: etree.Element, media_id: int) -> None:
        source = self.resolver.image(media_id, img.get("alt"))
        if source is None:
            _remove_keeping_tail(parent, img)
            return
        tail = img.tail
        img.attrib.clear()
        img.set("src", source.src)
        if source.srcset:
            img.set("srcset", source.srcset)
            img.set("sizes", IMAGE_SIZES)
        if source.width and source.height:
            img.set("width", str(source.width))
            img.set("height", str(source.height))
        img.set("alt", source.alt)
        img.set("loading", "lazy")
        img.set("decoding", "async")
        if source.credit:
            img.set("data-bastide-credit", source.credit)  # read by _figures, then removed
        if source.avif_srcset:
            picture = etree.Element("picture")
            etree.SubElement(
                picture, "source", type="image/avif", srcset=source.avif_srcset, sizes=IMAGE_SIZES
            )
            index = list(parent).index(img)
            parent.remove(img)
            img.tail = None
            picture.append(img)
            picture.tail = tail
            parent.insert(index, picture)

    def _link(self, parent: etree.Element, link: etree.Element, media_id: int) -> None:
        document = self.resolver.document(media_id)
        if document is None:
            _unwrap(parent, link)
            return
        title = link.get("title")
        link.attrib.clear()
        link.set("href", document.href)
        if title:
            link.set("title", title)
        if not (link.text or "").strip() and len(link) == 0:
            link.text = document.title
        link.tail = f" ({document.label})" + (link.tail or "")

    def _figures(self, root: etree.Element) -> None:
        """An image alone in its paragraph, with a credit: a figure and its caption."""
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                img = _lone_image(child)
                credit = img.attrib.pop("data-bastide-credit", "") if img is not None else ""
                if child.tag != "p" or img is None or not credit:
                    continue
                figure = etree.Element("figure")
                figure.extend(list(child))
                caption = etree.SubElement(figure, "figcaption")
                caption.text = credit
                figure.tail = child.tail
                parent.remove(child)
                parent.insert(index, figure)
        for img in root.iter("img"):
            img.attrib.pop("data-bastide-credit", None)


def _lone_image(paragraph: etree.Element) -> etree.Element | None:
    """The image (maybe in its <picture>) that is all a paragraph holds."""
    if paragraph.tag != "p" or (paragraph.text or "").strip() or len(paragraph) != 1:
        return None
    [only] = list(paragraph)
    if (only.tail or "").strip():
        return None
    if only.tag == "img":
        return only
    if only.tag == "picture":
        return only.find("img")
    return None


def _append_text(parent: etree.Element, index: int, text: str | None) -> None:
    """Put ``text`` where the child at ``index`` stood (after its previous sibling)."""
    if not text:
        return
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text


def _remove_keeping_tail(parent: etree.Element, child: etree.Element) -> None:
    index = list(parent).index(child)
    parent.remove(child)
    _append_text(parent, index, child.tail)


def _unwrap(parent: etree.Element, child: etree.Element) -> None:
    """Replace ``child`` by its content: a link to nothing becomes plain text."""
    index = list(parent).index(child)
    parent.remove(child)
    _append_text(parent, index, child.text)
    for offset, grandchild in enumerate(list(child)):
        parent.insert(index + offset, grandchild)
    inserted = len(child)
    _append_text(parent, index + inserted, child.tail)


class MediaExtension(Extension):
    """Register the resolution of ``media:<id>`` with Python-Markdown."""

    def __init__(self, resolver: MediaResolver, **kwargs) -> None:
        self.resolver = resolver
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        # After "inline" (20), which makes the <a> and <img>; before "prettify" (10).
        md.treeprocessors.register(_ResolveMedia(md, self.resolver), "bastide_media", 15)
