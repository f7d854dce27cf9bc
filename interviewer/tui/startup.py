"""Start-up with the cyclic garbage collector paused. Starting the app builds tens of thousands of objects
that live as long as it does (modules, classes, styles, widgets); with collection on, every full pass
scans them all again, about a sixth of the time to the first screen. `interviewer` pauses collection
before it imports the app, and the app resumes it once its first screen is drawn, with everything built
so far frozen out of later passes (`gc.freeze`), which keeps those cheap too."""

from __future__ import annotations

import gc


def pause_collection() -> None:
    gc.disable()


def resume_collection() -> None:
    """A no-op where start-up did not pause collection (tests, another program embedding the app)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
