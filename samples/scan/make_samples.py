#!/usr/bin/env python3
"""Writes the samples of the format-independent scan (`ccsalvage scan`), byte for byte the same
on every run: binary data that looks like scrambled records, with the connector's console output
written into it the way KB Q179072 shows, and a control file without any.

Run: python3 samples/scan/make_samples.py
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

# The console line of the Q179072 dump, with a mailbox and file name of our own.
EXPORT_LINE = b'\r\n\r\nExporting messages in mailbox "lindqvist_a" to file EXPORT\\MSG4B1C.CCM\r\n'
IMPORT_LINES = (b"Lotus cc:Mail Import\r\nImporting messages from file IMPORT\\MSG0A3F.CCM\r\n"
                b"Program did not complete successfully\r\n")


def high_entropy(rng, size):
    # Bytes with the high bit set, as scrambled text is stored in ccsalvage's model, mixed with
    # small integers and zeros, as record headers are.
    out = bytearray()
    while len(out) < size:
        out += bytes(rng.randrange(0x80, 0x100) for _ in range(48))
        out += bytes([0, 0, rng.randrange(0, 16), 0]) * 4
    return out[:size]


def contaminated():
    rng = random.Random(179072)
    data = high_entropy(rng, 64 * 1024)
    truth = []
    for at, text in ((0x3F00, EXPORT_LINE), (0x9A10, IMPORT_LINES), (0xC004, EXPORT_LINE)):
        data[at:at + len(text)] = text
        truth.append((at, len(text)))
    return bytes(data), truth


def clean():
    return bytes(high_entropy(random.Random(1), 64 * 1024))


if __name__ == "__main__":
    data, truth = contaminated()
    with open(os.path.join(HERE, "contaminated.bin"), "wb") as f:
        f.write(data)
    with open(os.path.join(HERE, "clean.bin"), "wb") as f:
        f.write(clean())
    with open(os.path.join(HERE, "contaminated.truth"), "w") as f:
        for at, length in truth:
            f.write(f"{at} {length}\n")
    print("contaminated.bin", truth)
