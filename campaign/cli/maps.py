"""`campaign map MODULE [LOCATION]`: a location's map to PDF or PNG, or the list of locations.

The map renderer and the loader are imported inside the command.
"""

from __future__ import annotations

import argparse

from campaign.cli.common import EXIT_OK, Subparsers, output_folder, print_json, write_output
from campaign.errors import CampaignError, did_you_mean


def _cmd_map(args: argparse.Namespace) -> int:
    from campaign.loader import find_module, load_module
    from campaign.maps.paper import render_map

    module = load_module(find_module(args.module))
    locations = module.locations
    if args.location is None:
        rows = [
            {"id": key, "name": place.name, "keys": len(place.keys), "map": place.map}
            for key, place in locations.items()
        ]
        if args.json:
            print_json({"module": module.id, "locations": rows})
        elif not rows:
            print(f"module '{module.id}' has no locations")
        for row in rows if not args.json else []:
            drawn = row["map"] or "no map"
            print(f"{row['id']:<28} {row['name']}  ({row['keys']} keys, {drawn})")
        return EXIT_OK
    location = locations.get(args.location)
    if location is None:
        known = ", ".join(locations) or "none"
        raise CampaignError(
            f"no location '{args.location}' in {module.id}"
            f"{did_you_mean(args.location, locations)}; the locations are: {known}"
        )
    folder = output_folder(args.out)
    data = render_map(module, location, audience=args.audience, paper=args.paper, fmt=args.format)
    print(write_output(folder / f"{location.id}.{args.format}", data))
    return EXIT_OK


def add_map_command(sub: Subparsers) -> None:
    """`map`."""
    command = sub.add_parser(
        "map",
        help="print a location's map (PDF or PNG); without LOCATION, list the locations",
        description=(
            "Write the map of LOCATION to OUT/LOCATION.pdf or .png. The players' map marks "
            "only the keys marked public and gives what the agents see; the GM's marks "
            "every key and lists what is here and who. Without LOCATION, list the locations."
        ),
    )
    command.add_argument("module", metavar="MODULE", help="module folder or id")
    command.add_argument("location", nargs="?", metavar="LOCATION", help="location id")
    command.add_argument("--format", choices=["pdf", "png"], default="pdf", help="default: pdf")
    command.add_argument(
        "--audience",
        choices=["players", "gm"],
        default="players",
        help="players (default: public keys only) or gm (every key, with what is here)",
    )
    command.add_argument("--paper", choices=["a4", "letter"], default="a4", help="default: a4")
    command.add_argument(
        "--out",
        metavar="DIR",
        default="handouts",
        help="folder to write to, created if missing; a file there is replaced "
        "(default: ./handouts)",
    )
    command.add_argument("--json", action="store_true", help="the list as one JSON object")
    command.set_defaults(handler=_cmd_map)
