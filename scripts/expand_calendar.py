#!/usr/bin/env python3
"""Parse an iCalendar document (read from stdin) with `icalendar` and expand its events and
recurrences with `recurring_ical_events`, both independent of the server's writer.
Usage: expand_calendar.py FROM TO < calendar.ics   (dates YYYY-MM-DD)

Prints a JSON list of occurrences in time order: uid, summary, location, and start and end
both in UTC and as Europe/Amsterdam wall-clock time. Exits non-zero when the document does
not parse.
"""
import datetime
import json
import sys
import zoneinfo

import icalendar
import recurring_ical_events

UTC = datetime.timezone.utc
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")

start, end = (datetime.date.fromisoformat(a) for a in sys.argv[1:3])
calendar = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
occurrences = []
for event in recurring_ical_events.of(calendar).between(start, end):
    begins, ends = event.decoded("DTSTART"), event.decoded("DTEND")
    occurrences.append(
        {
            "uid": str(event.get("UID")),
            "summary": str(event.get("SUMMARY")),
            "location": str(event.get("LOCATION")),
            "start_utc": begins.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end_utc": ends.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "start_local": begins.astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M"),
            "end_local": ends.astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M"),
        }
    )
occurrences.sort(key=lambda o: (o["start_utc"], o["uid"]))
print(json.dumps(occurrences))
