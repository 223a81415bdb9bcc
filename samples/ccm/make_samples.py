#!/usr/bin/env python3
"""Writes the .ccm sample files in this folder, byte for byte the same on every run.

The samples are ccsalvage's own test data: invented people and post offices, written in the
layout of the one published connector file (KB Q184052) and the variations the KB articles
describe. Each damaged sample lists its damage in DAMAGE below; tests/golden holds what
`ccsalvage inspect --json` must say about each file.

Run: python3 samples/ccm/make_samples.py   (rewrites the .ccm files next to this script)
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CRLF = b"\r\n"


def cp850(text):
    return text.encode("cp850")


def item(keyword, title, data, size=True, size_includes_eol=False, size_override=None):
    line = keyword + b":" + (b" " + title if title else b"")
    out = line + CRLF
    if size:
        n = len(data) + (2 if size_includes_eol else 0)
        if size_override is not None:
            n = size_override
        out += str(n).encode() + CRLF if n is not None else CRLF
    return out + data + CRLF


def message(headers, items, sized=True, blank_size=False, contents=True):
    """headers: list of (keyword, value bytes); items: bytes from item()."""
    head = b"".join(k + b": " + v + CRLF if v else k + b":" + CRLF for k, v in headers)
    body = b"".join(items)
    contents_block = b""
    if contents:
        contents_block = b"Contents:" + CRLF
        if sized:
            contents_block += str(len(body)).encode() + CRLF
    rest = head + contents_block + body
    out = b"Message:" + CRLF
    if sized:
        out += (b"   " if blank_size else str(len(rest)).encode()) + CRLF
    return out + rest


# A small binary attachment whose bytes contain keyword look-alikes (KB Q233054): a reader that
# scans item data for keywords would split the message here.
BINARY = bytes(range(256)) + CRLF + b"Message:" + CRLF + b"Text item:" + CRLF + b"42" + CRLF + bytes(
    (i * 37 + 11) % 256 for i in range(700))


def clean_itemsize():
    m1 = message(
        [(b"From", cp850("Lindqvist, Åsa at STOCKHLM")),
         (b"Date", b"6/2/98 8:39"),
         (b"To", cp850("Grünewald, Jürgen at HUB, Admin at HUBPO2")),
         (b"Cc", b"#Announcements"),
         (b"Subject", cp850("Budget för 1998 - review")),
         ],
        [item(b"Text item", b"", cp850("Hej Jürgen,\r\n\r\nthe figures are attached. Ça va?\r\n\r\nÅsa")),
         item(b"File item", b"Budget 1998 v2.wk4 5/6/98 3:10PM", BINARY)])
    m2 = message(
        [(b"From", b"jane.doe@example.com at SMTPGW"),
         (b"Date", b"6/3/98 11:05PM"),
         (b"To", b"Lindqvist, Asa at STOCKHLM"),
         (b"Bcc", b"Audit, Team at HQ"),
         (b"Subject", b"Receipt requested"),
         (b"RRT", b""),
         ],
        [item(b"Text item", b"Cover note", b"Please confirm you received this."),
         item(b"Text item", b"", b"")])  # a text item of length zero (KB Q178122)
    # Written with sizes that count the line end after the data: the other convention.
    m3 = message(
        [(b"From", b"Admin at HUBPO2"),
         (b"Date", b"12/31/99 11:59 PM"),
         (b"To", b"Lindqvist, Asa at STOCKHLM, #Sales at HQ"),
         (b"Subject", b"Year end"),
         ],
        [item(b"Text item", b"", b"All systems checked.", size_includes_eol=True)])
    return m1 + m2 + m3


def clean_nosize():
    # The unsized form with LF line ends and a CTRL-Z at the end, as DOS editors left files.
    text = (
        "Message:\n"
        "From: Okafor, Chidi at LAGOS\n"
        "Date: 1/15/97 9:00\n"
        "To: Lindqvist, Asa at STOCKHLM\n"
        "Subject: Quarterly numbers\n"
        "Contents:\n"
        "Text item: Summary\n"
        "Numbers are up.\n"
        "Details follow in the next message.\n"
        "Message:\n"
        "From: Lindqvist, Asa at STOCKHLM\n"
        "Date: 1/16/97 10:30AM\n"
        "To: Okafor, Chidi at LAGOS\n"
        "Subject: Re: Quarterly numbers\n"
        "Contents:\n"
        "Text item:\n"
        "Thanks.\n"
    )
    return text.encode("ascii") + b"\x1a"


def damaged():
    # Message 1: Export wrote spaces for the Message: size (Q287056); otherwise sound.
    m1 = message([(b"From", b"Admin at HUBPO2"), (b"Date", b"6/2/98 8:39"),
                  (b"To", b"Okafor, Chidi at LAGOS"), (b"Subject", b"Blank size")],
                 [item(b"Text item", b"", b"The size line above is blank.")], blank_size=True)
    # Message 2: a text item whose size is 10 bytes short; an impossible date (Q233325);
    # a header keyword nobody documented; a header line without a keyword.
    body = b"This text is longer than its declared size says."
    m2 = message([(b"From", b"Okafor, Chidi at LAGOS"), (b"Date", b"2/31/99 10:00"),
                  (b"To", b"Admin at HUBPO2"), (b"Priority", b"High"),
                  (b"Subject", b"Wrong size and"), ],
                 [item(b"Text item", b"", body, size_override=len(body) - 10)])
    m2 = m2.replace(b"Subject: Wrong size and\r\n", b"Subject: Wrong size and\r\n  an impossible date\r\n")
    # Message 3: no Contents: line at all (Q234745); an item keyword nobody documented.
    m3 = (b"Message:" + CRLF + b"From: Admin at HUBPO2" + CRLF + b"Date: 6/4/98 7:00" + CRLF +
          b"To: Lindqvist, Asa at STOCKHLM" + CRLF + b"Subject: No contents line" + CRLF +
          item(b"Fax item", b"Page 1", b"\x0a\x05\x01\x08PCX-like bytes"))
    # Message 4: the file was cut in the middle of an attachment.
    m4 = message([(b"From", b"Lindqvist, Asa at STOCKHLM"), (b"Date", b"6/5/98 16:45"),
                  (b"To", b"Admin at HUBPO2"), (b"Subject", b"Cut short")],
                 [item(b"Text item", b"", b"See attachment."),
                  item(b"File item", b"scan.pcx 6/5/98 4:40PM", BINARY)])
    m4 = m4[: len(m4) - 400]
    junk = b"C:\\CCMAIL> IMPORT /ITEMSIZE /PARTIAL /BATCH" + CRLF  # console text before the first message
    return junk + m1 + m2 + m3 + m4


SAMPLES = {
    "clean-itemsize.ccm": clean_itemsize,
    "clean-nosize.ccm": clean_nosize,
    "damaged.ccm": damaged,
}

DAMAGE = {
    "damaged.ccm": [
        "console text before the first Message: line",
        "message 1: blank Message: size (Q287056)",
        "message 2: item size 10 bytes short; impossible date 2/31/99; unknown header Priority:;"
        " header line without keyword",
        "message 3: no Contents: line (Q234745); undocumented 'Fax item:' keyword",
        "message 4: file truncated inside a binary file item",
    ]
}

if __name__ == "__main__":
    for name, make in SAMPLES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(make())
        print(name)
