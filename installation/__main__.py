import gc
import sys

# Start-up makes some 270,000 objects that live as long as the process, and Python's collector
# walked them five times before the first frame: 0.5 s of a 1.9 s start-up (measured,
# 2026-12-02). It stays off until the kiosk sets its screens aside after its first frame
# (kiosk/kivy_internals.set_aside_what_lives_forever); every other command turns it on at once
# (cli.main).
gc.disable()

from installation.cli import main  # noqa: E402 - after the collector is off: the imports are most of those objects

sys.exit(main())
