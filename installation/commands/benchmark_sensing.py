"""`benchmark-sensing`: how fast presence sensing is, and how well it does on labelled scenes.

    python -m installation benchmark-sensing [--seconds 20] [--quick]

Speed: milliseconds per frame of the measure (shrink + grey + compare + track) on 320 x 240
frames of the real footage, next to plain OpenCV MOG2 on the same frames in the same run; then
the share of one core the whole camera thread uses at 10 fps (pacing, locking and publishing
included; the camera driver's own decoding is not, as there is no camera here: the clip's
decoding cost is printed beside it).

Quality: each labelled scene of installation/testing/scenes.py through the kiosk's pipeline,
and through plain MOG2 with the same tracker for comparison: time to wake after a visitor
stops, false wakes per hour of empty scene, whether a still visitor is kept, time to let a
visitor go after they walk away, and phantom seconds (present with nobody there, beyond the
grace time). A benchmark to read, not a test: nothing here fails.
"""

from __future__ import annotations

import argparse


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "benchmark-sensing", help="speed of presence sensing vs plain MOG2, and results on labelled scenes"
    )
    parser.add_argument(
        "--seconds", type=float, default=20.0, help="how long to run the camera thread at 10 fps (default 20)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="ten minutes of empty room instead of an hour; skip MOG2 on the scenes"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from ..testing.sensing_benchmark import run  # OpenCV is loaded only when the benchmark runs

    run(args.seconds, args.quick)
    return 0
