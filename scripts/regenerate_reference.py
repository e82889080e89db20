"""Regenerate the compact reference data shipped in ``app/reference/data/``.

Maintainer script, run when Etalab publishes a new "découpage administratif":

    .venv/bin/python scripts/regenerate_reference.py PATH/TO/decoupage-administratif-6.0.0

It keeps only the fields the platform uses and writes gzip-compressed JSON with a fixed
header timestamp, so two runs on the same dataset produce the same files.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "app" / "reference" / "data"
DATASET = "decoupage-administratif"
COMMUNE_FIELDS = ("code", "nom", "type", "departement", "codesPostaux", "population")
# Parent commune: ``chefLieu`` for delegated/associated communes, ``commune`` for the
# municipal arrondissements of Paris, Lyon and Marseille.
PARENT_FIELDS = ("chefLieu", "commune")
TYPE_ORDER = {
    "commune-actuelle": 0,
    "commune-deleguee": 1,
    "commune-associee": 2,
    "arrondissement-municipal": 3,
}

ATTRIBUTION = """\
# Reference data: communes and EPCI of France

The files in this folder are a compact derivative of Etalab's
**{dataset} {version}** (`communes.json` and `epci.json`),
<https://github.com/etalab/decoupage-administratif>, published under the MIT licence
reproduced below.

Only the fields Bastide uses are kept:

- `communes.json.gz`: `code` (INSEE), `nom`, `type`, `departement`, `codesPostaux`,
  `population`, `anciensCodes` (current communes), and the parent commune of
  delegated/associated communes (`chefLieu`) and of municipal arrondissements (`commune`);
- `epci.json.gz`: `code` (SIREN), `nom`, `type`, `membres` (INSEE codes only).

## Regenerate

Download the new release of the dataset, then run from the repository root:

    .venv/bin/python scripts/regenerate_reference.py PATH/TO/{dataset}-X.Y.Z

and commit the files it writes here. `tests/onboarding/test_reference.py` checks that the
shipped files equal the script's output.

## Licence of the source data

```
{licence}```
"""


def compact_commune(raw: dict) -> dict:
    """Keep the fields of one commune record that the platform uses."""
    record = {key: raw[key] for key in COMMUNE_FIELDS if key in raw}
    if raw["type"] == "commune-actuelle" and raw.get("anciensCodes"):
        record["anciensCodes"] = sorted(raw["anciensCodes"])
    for key in PARENT_FIELDS:
        if raw["type"] != "commune-actuelle" and raw.get(key):
            record[key] = raw[key]
    return record


def compact_epci(raw: dict) -> dict:
    """Keep the fields of one EPCI record that the platform uses."""
    return {
        "code": raw["code"],
        "nom": raw["nom"],
        "type": raw["type"],
        "membres": sorted(member["code"] for member in raw["membres"]),
    }


def dump(payload: dict) -> bytes:
    """Compact JSON, gzip-compressed with a zero timestamp so the bytes are reproducible."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def dataset_version(source: Path) -> str:
    """The dataset version, read from the folder name (``...-6.0.0``)."""
    match = re.search(r"(\d+\.\d+\.\d+)$", source.name)
    if not match:
        raise SystemExit(f"cannot read the dataset version from the folder name {source.name!r}")
    return match.group(1)


def regenerate(source: Path, output: Path) -> list[Path]:
    """Write the compact files and the attribution into ``output``; return their paths."""
    version = dataset_version(source)
    header = {"source": DATASET, "version": version}
    communes = json.loads((source / "communes.json").read_text(encoding="utf-8"))
    epcis = json.loads((source / "epci.json").read_text(encoding="utf-8"))
    communes.sort(key=lambda raw: (raw["code"], TYPE_ORDER.get(raw["type"], 9), raw["nom"]))
    epcis.sort(key=lambda raw: raw["code"])
    output.mkdir(parents=True, exist_ok=True)
    files = {
        "communes.json.gz": dump({**header, "communes": [compact_commune(c) for c in communes]}),
        "epci.json.gz": dump({**header, "epci": [compact_epci(e) for e in epcis]}),
        "ATTRIBUTION.md": ATTRIBUTION.format(
            dataset=DATASET,
            version=version,
            licence=(source / "LICENSE").read_text(encoding="utf-8"),
        ).encode("utf-8"),
    }
    written = []
    for name, content in files.items():
        path = output / name
        path.write_bytes(content)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder of the Etalab dataset (…-X.Y.Z)")
    parser.add_argument("--output", type=Path, default=DATA_DIR, help="default: %(default)s")
    args = parser.parse_args(argv)
    for path in regenerate(args.source, args.output):
        print(f"{path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
