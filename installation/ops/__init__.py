"""Operations: what keeps a kiosk running for months without a technician.

    operations.py     the one object the app holds: counters, content reload, health, watchdog
    locations.py      where the data, health file, metrics and PIN hash live (from the profile)
    lockdown.py       the Kivy settings that leave a visitor no way out (a pure function)
    health.py         the JSON status file and the Prometheus textfile, written atomically
    watchdog.py       systemd's READY=1 / WATCHDOG=1 / STATUS=, a no-op outside systemd
    content_watch.py  new content taken between visits, and only when it is valid
    display.py        the screen on and off with the opening hours
    staff_access.py   the hidden gesture and PIN pad for a profile; the PIN hash file
    atomic.py         whole-file writes (temporary file + rename)
"""
