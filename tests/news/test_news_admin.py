"""The news screens: create and edit an item with its photo, refuse what is not a photo
(nothing is stored), publish the photo with the item; intercommunality news stay on its
own site."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from app.builds.snapshot import load_site_content
from app.files.paths import file_path
from app.models import Commune, Intercommunality, NewsItem, Revision, StoredFile
from app.news.images import MAX_IMAGE_SIZE
from tests.conftest import csrf_token, post_form, publish_directly

from .conftest import GPS_IFD, exif_with_gps, image_bytes

URL = "/admin/c/aurignac/news/"
FORM = {
    "title": "Fête du village",
    "slug": "",
    "news_date": "2026-11-20",
    "summary": "Le programme de la fête.",
    "body": "Rendez-vous **samedi**.",
}


def upload(data: bytes, name: str = "IMG_0042.JPG") -> tuple[BytesIO, str]:
    return BytesIO(data), name


def with_photo(data: bytes | None = None, name: str = "IMG_0042.JPG", **overrides) -> dict:
    photo = data if data is not None else image_bytes((640, 480), exif=exif_with_gps(1))
    return FORM | {"image": upload(photo, name), "image_alt": "La fanfare sur la place"} | overrides


def only_item(database) -> NewsItem:
    with database.session() as session:
        [item] = session.scalars(select(NewsItem)).all()
        item.image  # noqa: B018 - loaded while the session is open
        return item


def count(database, model) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def stored_bytes(settings, stored: StoredFile) -> bytes:
    return file_path(settings.files_dir, stored.sha256).read_bytes()


@pytest.fixture
def clerk(client, login, publisher):
    login(publisher.email)
    return client


def test_a_draft_keeps_its_photo_cleaned(clerk, database, settings, commune) -> None:
    response = post_form(clerk, f"{URL}new", with_photo(save="1"))
    assert response.status_code == 302, response.get_data(as_text=True)
    item = only_item(database)
    assert item.image_alt == "La fanfare sur la place"
    stored = item.image
    assert (stored.commune_id, stored.media_type) == (commune.id, "image/jpeg")
    assert (stored.width, stored.height, stored.filename) == (640, 480, "img_0042.jpg")
    data = stored_bytes(settings, stored)
    assert stored.size == len(data)
    image = Image.open(BytesIO(data))
    assert image.format == "JPEG" and image.size == (640, 480)
    assert dict(image.getexif()) == {} and not image.getexif().get_ifd(GPS_IFD)


def test_publishing_freezes_the_photo_into_the_revision(clerk, database, settings) -> None:
    post_form(clerk, f"{URL}new", with_photo(publish="1"))
    item = only_item(database)
    with database.session() as session:
        revision = session.get(Revision, item.published_revision_id)
        assert revision.data["image_id"] == item.image_id
        assert revision.data["image"] == {
            "sha256": item.image.sha256,
            "size": item.image.size,
            "media_type": "image/jpeg",
            "filename": "img_0042.jpg",
            "width": 640,
            "height": 480,
        }
        [news] = load_site_content(session, settings, session.get(Commune, item.commune_id)).news
    assert news.image.sha256 == item.image.sha256 and news.image_alt == "La fanfare sur la place"


def test_editing_keeps_replaces_or_removes_the_photo(clerk, database) -> None:
    post_form(clerk, f"{URL}new", with_photo(save="1"))
    item = only_item(database)
    first = item.image_id
    edit = f"{URL}{item.id}"
    keep = FORM | {"image_alt": "La fanfare", "version": str(item.version), "save": "1"}
    assert post_form(clerk, edit, keep).status_code == 302
    item = only_item(database)
    assert (item.image_id, item.image_alt) == (first, "La fanfare")
    new_photo = image_bytes((300, 200), color=(0, 0, 255))
    replace = with_photo(new_photo, "kermesse.png", version=str(item.version), save="1")
    assert post_form(clerk, edit, replace).status_code == 302
    item = only_item(database)
    assert item.image_id != first and (item.image.width, item.image.height) == (300, 200)
    assert item.image.filename == "kermesse.jpg"
    remove = FORM | {"remove_image": "y", "version": str(item.version), "save": "1"}
    assert post_form(clerk, edit, remove).status_code == 302
    item = only_item(database)
    assert (item.image_id, item.image_alt) == (None, "")


def test_the_edit_form_sends_files_and_shows_the_current_photo(clerk, database) -> None:
    new = clerk.get(f"{URL}new").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in new and 'type="file"' in new
    assert 'name="remove_image"' not in new
    post_form(clerk, f"{URL}new", with_photo(save="1"))
    html = clerk.get(f"{URL}{only_item(database).id}").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert "img_0042.jpg" in html and 'name="remove_image"' in html


HTML_AS_JPEG = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9"/></svg>'


def _bomb() -> bytes:
    buffer = BytesIO()
    Image.new("1", (20_000, 10_000)).save(buffer, "PNG")
    return buffer.getvalue()


REFUSED = {
    "html named .jpg": (HTML_AS_JPEG, "photo.jpg"),
    "svg": (SVG, "logo.svg"),
    "truncated jpeg": (image_bytes((400, 300))[:600], "photo.jpg"),
    "decompression bomb": (_bomb(), "bomb.png"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_is_not_a_photo_is_refused_and_nothing_is_stored(
    clerk, database, settings, case
) -> None:
    data, name = REFUSED[case]
    response = post_form(clerk, f"{URL}new", with_photo(data, name, save="1"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="image-error"' in html and "Fête du village" in html  # the form is kept
    assert count(database, NewsItem) == count(database, StoredFile) == 0
    assert not settings.files_dir.exists() or not any(settings.files_dir.rglob("*"))


def test_a_photo_over_ten_megabytes_is_refused(app, clerk, database) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 2 * MAX_IMAGE_SIZE  # the request itself may be larger
    big = FileStorage(BytesIO(b"\xff" * (MAX_IMAGE_SIZE + 1)), "big.jpg", content_type="image/jpeg")
    form = with_photo() | {"image": big, "csrf_token": csrf_token(clerk)}
    # Encoded in memory: the test client would leave its temporary file open.
    body, length, boundary = stream_encode_multipart(form, use_tempfile=False)
    content_type = f"multipart/form-data; boundary={boundary}"
    response = clerk.post(f"{URL}new", data=body.read(), content_type=content_type)
    assert length > MAX_IMAGE_SIZE and response.status_code == 400
    assert 'id="image-error"' in response.get_data(as_text=True)
    assert count(database, StoredFile) == 0


def test_a_photo_needs_its_description(clerk, database) -> None:
    response = post_form(clerk, f"{URL}new", with_photo(image_alt=" ", save="1"))
    assert response.status_code == 400
    assert 'id="image_alt-error"' in response.get_data(as_text=True)
    assert count(database, NewsItem) == count(database, StoredFile) == 0
    # A kept photo needs one too.
    post_form(clerk, f"{URL}new", with_photo(save="1"))
    item = only_item(database)
    keep = FORM | {"image_alt": "", "version": str(item.version), "save": "1"}
    response = post_form(clerk, f"{URL}{item.id}", keep)
    assert response.status_code == 400
    assert 'id="image_alt-error"' in response.get_data(as_text=True)


def test_the_archive_address_is_reserved(clerk, database) -> None:
    response = post_form(clerk, f"{URL}new", FORM | {"slug": "page", "save": "1"})
    assert response.status_code == 400
    assert count(database, NewsItem) == 0


def test_the_summary_is_limited(clerk, database) -> None:
    response = post_form(clerk, f"{URL}new", FORM | {"summary": "x" * 401, "save": "1"})
    assert response.status_code == 400
    assert count(database, NewsItem) == 0


def test_the_date_is_today_by_default(clerk) -> None:
    from app.news.forms import today

    html = clerk.get(f"{URL}new").get_data(as_text=True)
    assert f'value="{today().isoformat()}"' in html


def test_the_list_shows_date_title_and_status(clerk, database) -> None:
    post_form(clerk, f"{URL}new", FORM | {"save": "1"})
    older = FORM | {"title": "Travaux rue Haute", "news_date": "2026-10-01", "publish": "1"}
    post_form(clerk, f"{URL}new", older)
    html = clerk.get(URL).get_data(as_text=True)
    assert html.index("Fête du village") < html.index("Travaux rue Haute")  # newest first
    assert '<time datetime="2026-11-20">' in html and '<time datetime="2026-10-01">' in html
    assert html.count('class="badge ok"') == 1 and 'class="badge"' in html


def test_the_preview_is_the_item_page(clerk) -> None:
    response = post_form(clerk, f"{URL}preview", FORM)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Fête du village</h1>" in html and '<time datetime="2026-11-20">' in html
    assert "<strong>samedi</strong>" in html and "preview-banner" in html


def test_intercommunality_news_stay_on_its_own_site(database, settings, make_commune) -> None:
    with database.unit_of_work() as session:
        epci = Intercommunality(siren="200072643", slug="cc-comminges", name="CC", kind="CC")
        session.add(epci)
    member = make_commune(slug="aurignac", name="Aurignac", intercommunality_id=epci.id)
    with database.unit_of_work() as session:
        news = NewsItem(intercommunality_id=epci.id, title="Conseil communautaire",
                        slug="conseil", news_date=date(2026, 11, 20))  # fmt: skip
        publish_directly(session, news)
    with database.session() as session:
        epci_site = load_site_content(session, settings, session.get(Intercommunality, epci.id))
        member_site = load_site_content(session, settings, session.get(Commune, member.id))
    assert [n.slug for n in epci_site.news] == ["conseil"]
    assert member_site.news == ()


def test_a_duplicate_copies_the_text_but_not_the_photo(clerk, database) -> None:
    post_form(clerk, f"{URL}new", with_photo(save="1"))
    item = only_item(database)
    html = clerk.get(f"{URL}{item.id}/duplicate").get_data(as_text=True)
    assert 'value="Fête du village"' in html and 'enctype="multipart/form-data"' in html
    assert 'name="remove_image"' not in html and "img_0042.jpg" not in html
