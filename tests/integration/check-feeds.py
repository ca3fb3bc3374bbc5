#!/usr/bin/python3
"""Read Tribune's advice feeds as their users' software does, and compare with what the
test expects. Run with Debian's python3 (python3-feedparser, python3-icalendar):

    /usr/bin/python3 check-feeds.py BASE_URL EXPECTED_JSON

EXPECTED_JSON: {"atom": [titles, newest first], "atom_filtered": {"council": slug,
"titles": [...]}, "ics": {uid: "YYYY-MM-DD"}, "ori": {node id: {member: value or
"<number>"}}}. Exit 0 when everything matches; otherwise the first difference on stderr.
"""
import json
import sys
import urllib.request

import feedparser
import icalendar


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=30) as reply:
        return reply.headers.get("Content-Type", ""), reply.read()


def check(condition, message):
    if not condition:
        print("check-feeds: " + message, file=sys.stderr)
        sys.exit(1)


def atom_titles(base, path):
    kind, body = get(base, path)
    check(kind.startswith("application/atom+xml"), f"{path}: Content-Type {kind}")
    feed = feedparser.parse(body)
    check(feed.bozo == 0, f"{path}: not well-formed: {feed.get('bozo_exception')}")
    check(feed.version == "atom10", f"{path}: version {feed.version}")
    for entry in feed.entries:
        check(entry.get("id", "").startswith("tag:"), f"{path}: entry id {entry.get('id')}")
        check(entry.link.startswith(base + "/advices/"), f"{path}: entry link {entry.link}")
    return [entry.title for entry in feed.entries]


def main():
    base, expected = sys.argv[1], json.loads(sys.argv[2])

    titles = atom_titles(base, "/advices.atom")
    check(titles == expected["atom"], f"atom titles {titles!r} != {expected['atom']!r}")
    filtered = expected["atom_filtered"]
    titles = atom_titles(base, "/advices.atom?council=" + filtered["council"])
    check(titles == filtered["titles"], f"filtered atom titles {titles!r}")

    kind, body = get(base, "/advices.ics")
    check(kind.startswith("text/calendar"), f"ics: Content-Type {kind}")
    calendar = icalendar.Calendar.from_ical(body)
    events = {str(e["UID"]): e.decoded("DTSTART").isoformat() for e in calendar.walk("VEVENT")}
    check(events == expected["ics"], f"ics events {events!r} != {expected['ics']!r}")
    for event in calendar.walk("VEVENT"):
        end = event.decoded("DTEND")
        check((end - event.decoded("DTSTART")).days == 1, "ics: an event is one whole day")
        check(str(event["SUMMARY"]).startswith("Antwoord gemeente verwacht: "), "ics: summary")

    kind, body = get(base, "/api/advices.json")
    data = json.loads(body)
    check(data.get("license") == "CC0-1.0" and "generated_at" in data, "advices.json: header")

    kind, body = get(base, "/api/export/ori.jsonld")
    check(kind.startswith("application/ld+json"), f"ori: Content-Type {kind}")
    document = json.loads(body)
    check("@context" in document and "@graph" in document, "ori: @context and @graph")
    nodes = {node["@id"]: node for node in document["@graph"]}
    for node_id, members in expected["ori"].items():
        check(node_id in nodes, f"ori: no node {node_id}")
        for name, value in members.items():
            got = nodes[node_id].get(name)
            if value == "<number>":
                check(isinstance(got, (int, float)) and got > 0, f"ori: {node_id} {name} = {got!r}")
            else:
                check(got == value, f"ori: {node_id} {name} = {got!r}, expected {value!r}")
    print("check-feeds: atom, ics, advices.json and ori.jsonld read back as expected")


if __name__ == "__main__":
    main()
