#!/usr/bin/env python3
"""Writes NFTERROR.LOG in this folder, byte for byte the same on every run.

The log is ccsalvage's own test data in ccsalvage's model of the line format
(docs/formats/nfterror.md; the real layout was never published). It tells an invented story in
the manner of KB Q179072: console text landed in a message header inside CLANDATA, IMPORT
found the damage on its next run, and EXPORT met it again a few seconds later. Every line fits
the grammar except the one listed in DAMAGE.

Run: python3 samples/nfterror/make_samples.py   (rewrites NFTERROR.LOG next to this script)
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CRLF = b"\r\n"


def line(date, time, program, file, structure, block, offset, code, text):
    fields = [date, time, program, file, structure, "%08X" % block, "%04X" % offset, code, text]
    return " ".join(fields).encode("ascii") + CRLF


def nfterror_log():
    d = "03-17-99"
    lines = [
        line(d, "14:02:41", "IMPORT", "CLANDATA", "HEADER", 0x0, 0x0030, "CNT",
             "message count 412 but 415 headers found"),
        line(d, "14:02:41", "IMPORT", "CLANDATA", "MSGHDR", 0x2C, 0x0058, "TXT",
             "plain text in message header 1207"),
        line(d, "14:02:41", "IMPORT", "CLANDATA", "MSGHDR", 0x2C, 0x001C, "CRC",
             "block checksum mismatch"),
        line(d, "14:02:42", "IMPORT", "CLANDATA", "NFT", 0x2, 0x0041, "ALC",
             "block 00000031 in use, marked free"),
        # The damaged line: its file name and everything after it were overwritten with bytes
        # that are not text, as a crash or a stray write would leave them.
        b"03-17-99 14:02:42 IMPORT CLAND\x00\x00\x00\x00\xfa\x2b\x16\x58 0000\x89\x94" + CRLF,
        line(d, "14:02:42", "IMPORT", "CLANDATA", "MSGIDX", 0x7, 0x01A0, "IDX",
             "message 1207 record unreadable"),
        line(d, "14:03:10", "EXPORT", "USR00004", "FOLDERS", 0x3, 0x0024, "REF",
             "folder entry names missing message 1207"),
        line(d, "14:03:10", "EXPORT", "CLANDATA", "MSGIDX", 0x7, 0x01A0, "IDX",
             "message 1207 record unreadable"),
    ]
    return b"".join(lines)


SAMPLES = {"NFTERROR.LOG": nfterror_log}

DAMAGE = {
    "NFTERROR.LOG": [
        "line 5: the file field onwards overwritten with binary bytes (NFT-001, at the file)",
    ]
}

if __name__ == "__main__":
    for name, make in SAMPLES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(make())
        print(name)
