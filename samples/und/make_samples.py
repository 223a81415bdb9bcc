#!/usr/bin/env python3
"""Writes loop.und in this folder, byte for byte the same on every run.

The file is ccsalvage's own test data in ccsalvage's model of the undeliverable-message file
(docs/formats/und.md; the real layout was never published): each entry is an Import/Export
message, written the way ccsalvage's .ccm writer writes it (/ITEMSIZE sizes, CR LF), with the
rejection lines before its own headers, the Message: size counting them.

The story, after KB Q223772: IMPORT returned code 1 on one message and left its .ccm in place,
so the connector handed it over every 15-second cycle and each failure added an entry. Between
the second and third attempt a different message was rejected once for its European date
(the Unknown Date Format bounce of KB Q180641). People and post offices are invented.

Run: python3 samples/und/make_samples.py   (rewrites loop.und next to this script)
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CRLF = b"\r\n"


def header_line(keyword, value):
    return keyword + b":" + (b" " + value if value else b"") + CRLF


def item(keyword, title, data):
    # ccsalvage's convention: the size counts the data only; CR LF follows the data.
    line = keyword + b":" + (b" " + title if title else b"") + CRLF
    return line + str(len(data)).encode() + CRLF + data + CRLF


def entry(rejection, headers, items):
    """rejection, headers: lists of (keyword, value) bytes; items: bytes from item()."""
    body = b"".join(items)
    rest = (b"".join(header_line(k, v) for k, v in rejection) +
            b"".join(header_line(k, v) for k, v in headers) +
            b"Contents:" + CRLF + str(len(body)).encode() + CRLF + body)
    return b"Message:" + CRLF + str(len(rest)).encode() + CRLF + rest


# An attachment (Import 5.11 and later write the whole file into the .und) whose bytes hold
# keyword look-alikes, so only the item size can delimit it (KB Q233054).
SPREADSHEET = (bytes((i * 53 + 7) % 256 for i in range(300)) + CRLF + b"Message:" + CRLF +
               b"Contents:" + CRLF + bytes((i * 29 + 3) % 256 for i in range(200)))

LOOPING_HEADERS = [
    (b"From", b"Okafor, Chidi at LAGOSHUB"),
    (b"Date", b"3/16/99 17:45"),
    (b"To", b"Lindqvist, Asa at STOCKHLM, Grewal, Mina at HUBPO2"),
    (b"Subject", b"Freight schedule, second quarter"),
]
LOOPING_ITEMS = [
    item(b"Text item", b"", b"Asa, Mina,\r\n\r\nthe schedule for April to June is attached.\r\n\r\nChidi"),
    item(b"File item", b"FREIGHT.XLS 3/16/99 5:40PM", SPREADSHEET),
]


def looping_attempt(time):
    return entry([(b"Undeliverable", b"Header Buffer Full"),
                  (b"Import-File", b"IMPORT\\MSG0A3F.CCM"),
                  (b"Rejected", b"3/17/99 " + time),
                  (b"Result-Code", b"1")],
                 LOOPING_HEADERS, LOOPING_ITEMS)


def other_entry():
    return entry([(b"Undeliverable", b"Unknown Date Format"),
                  (b"Import-File", b"IMPORT\\MSG0A40.CCM"),
                  (b"Rejected", b"3/17/99 14:02:56"),
                  (b"Result-Code", b"5")],
                 [(b"From", b"Brandt, Henrike at HAMBURG"),
                  (b"Date", b"17.03.99 09:12"),
                  (b"To", b"Okafor, Chidi at LAGOSHUB"),
                  (b"Subject", b"Invoice 4471")],
                 [item(b"Text item", b"", b"Please find the invoice details below.")])


def loop_und():
    return (looping_attempt(b"14:02:41") + looping_attempt(b"14:02:56") + other_entry() +
            looping_attempt(b"14:03:11") + looping_attempt(b"14:03:26"))


SAMPLES = {"loop.und": loop_und}

# Not damage: what the file holds that ccsalvage must find.
FINDINGS = {
    "loop.und": [
        "entries 0, 1, 3, 4: one message rejected 4 times (import loop, Q223772)",
        "entry 2: another message, rejected once (Unknown Date Format, Q180641)",
    ]
}

if __name__ == "__main__":
    for name, make in SAMPLES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(make())
        print(name)
