"""The rig that drives the real kiosk off screen: for the UI tests, `render-screens`, the
benchmark, `monkey` and `soak` (which need it at run time, so it ships with the package; the
kiosk itself never imports it). One public way in: `start_pilot` (or `start_rig` from file
names), then the Pilot's fingers, time and eyes (pilot.py)."""
