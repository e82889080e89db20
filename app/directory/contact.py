"""Contact details a clerk types, checked and normalised (phones, e-mail, web address,
coordinates). Errors name the form field and say what to fix, in plain words."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from app.content.errors import ContentError
from app.errors import N_

REGION = "FR"
MAX_PHONES = 4


def parse_phones(text: str, field: str = "phones") -> tuple[str, ...]:
    """Phone numbers, one per line (or separated by ";"), as E.164 ("+33561000000")."""
    numbers = []
    for raw in re.split(r"[;\n]", text):
        raw = raw.strip()
        if raw:
            numbers.append(parse_phone(raw, field))
    if len(numbers) > MAX_PHONES:
        raise ContentError(
            N_("Give at most %(count)d phone numbers."), field=field, count=MAX_PHONES
        )
    return tuple(dict.fromkeys(numbers))


def parse_phone(raw: str, field: str = "phones") -> str:
    """One phone number as E.164; French numbers may be typed the French way."""
    try:
        number = phonenumbers.parse(raw[:40], REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ContentError(
            N_("« %(phone)s » is not a valid phone number (e.g. 05 61 00 00 00)."),
            field=field,
            phone=raw[:40],
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """A stored number the way residents read it: "05 61 00 00 00" in France."""
    number = phonenumbers.parse(e164, REGION)
    if phonenumbers.region_code_for_number(number) == REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def clean_email(raw: str, field: str = "email") -> str:
    """A syntactically valid e-mail address, or "" (no lookup: nothing leaves the host).

    ``.test`` addresses are accepted (demo and test data use them); other special-use
    domains (``.local``, ``.invalid``…) are refused."""
    raw = raw.strip()
    if not raw:
        return ""
    try:
        return validate_email(raw, check_deliverability=False, test_environment=True).normalized
    except EmailNotValidError:
        raise ContentError(
            N_("« %(email)s » is not a valid e-mail address (e.g. mairie@commune.fr)."),
            field=field,
            email=raw[:254],
        ) from None


def clean_website(raw: str, field: str = "website") -> str:
    """An http(s) address with a host name, or ""; "www.x.fr" gets "https://"."""
    raw = raw.strip()
    if not raw:
        return ""
    if "://" not in raw and not raw.lower().startswith(("javascript:", "data:", "mailto:")):
        raw = f"https://{raw}"
    parts = urlsplit(raw)
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("http", "https") or "." not in host or len(raw) > 500:
        raise ContentError(
            N_("Give a web address starting with https:// (e.g. https://www.commune.fr)."),
            field=field,
        )
    return raw


def clean_coordinates(latitude: float | None, longitude: float | None) -> tuple:
    """Both coordinates or neither, within the globe's bounds."""
    if latitude is None and longitude is None:
        return None, None
    if latitude is None or longitude is None:
        raise ContentError(
            N_("Give both the latitude and the longitude, or neither."), field="latitude"
        )
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ContentError(
            N_("The coordinates are outside the globe: latitude -90 to 90, longitude -180 to 180."),
            field="latitude",
        )
    return round(latitude, 6), round(longitude, 6)
