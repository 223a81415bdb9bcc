#!/usr/bin/env python3
"""Writes the Event Viewer exports in this folder, byte for byte the same on every run.

They are ccsalvage's own test data in the layouts docs/formats/event-log.md describes (the
nine columns Event Viewer documents for archived logs, in its order; text files tab
delimited, CSV comma delimited with quotes around fields that need them). The event IDs, the
sources and the shape of the connector's messages follow the KB articles the knowledge base
cites; the wording of each description is written here, not copied.

The stories match the generated sample sets, so the events name files that exist there:

- connector-faults.txt   the connector of samples/po/connector-faults-small: a conversion
  failure (event 54) for Bad\\MSG272B.CCM, imports and exports that completed (58, 67) for
  files in Import.bak and Export.bak, a failing Export with code 3 (event 70, Q166045) for a
  file that is not in the store, a description that runs over two lines, and an event of
  another source.
- q223772-loop.csv       the import loop of samples/po/q223772-loop-small: IMPORT returns code 1
  on IMPORT\\MSG3358.CCM again and again (event 59, Q223772), with quoted descriptions.
- migration-header.csv   a Migration Wizard log in the later export layout with a header row
  (Level, Date and Time, Source, Event ID, Task Category, then the description) [a guess].
- damaged.txt            the first file with damage: a line that is no record, an event ID that
  is not a number, a record cut short.
- utf16.txt              a short text export in UTF-16LE with a byte order mark.

Run: python3 samples/evlog/make_samples.py   (rewrites the files next to this script)
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CRLF = "\r\n"
COMPUTER = "EXHUB01"


def tab_record(date, time, source, kind, event, description, category="None", user="N/A"):
    return "\t".join([date, time, source, kind, category, str(event), user, COMPUTER,
                      description]) + CRLF


def csv_field(value):
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_record(fields):
    return ",".join(csv_field(f) for f in fields) + CRLF


def connector_faults():
    ccmc = "MSExchangeCCMC"
    out = ""
    out += tab_record("11/17/97", "7:18:40 AM", ccmc, "Information", 58,
                      "Lotus cc:Mail IMPORT from file MSG2252.CCM completed successfully.")
    out += tab_record("11/17/97", "7:18:55 AM", ccmc, "Information", 58,
                      "Lotus cc:Mail IMPORT from file MSG2253.CCM completed successfully.")
    out += tab_record("11/17/97", "7:24:10 AM", ccmc, "Information", 58,
                      "Lotus cc:Mail IMPORT from file MSG2256.CCM completed successfully.")
    out += tab_record("11/17/97", "7:27:30 AM", ccmc, "Information", 67,
                      "Lotus cc:Mail EXPORT to file MSG272D.CCM completed successfully.")
    out += tab_record("11/17/97", "7:31:05 AM", ccmc, "Error", 54,
                      "The message in file Bad\\MSG272B.CCM could not be converted; "
                      "the connector moved it to the Bad folder.")
    out += tab_record("11/17/97", "7:31:20 AM", "MSExchangeIS", "Information", 1000,
                      "The information store started.")
    out += tab_record("11/17/97", "7:35:50 AM", ccmc, "Information", 67,
                      "Lotus cc:Mail EXPORT to file MSG272E.CCM completed successfully.")
    # A description over two lines: text exports do not quote, the second line has no columns.
    out += tab_record("11/17/97", "7:36:20 AM", ccmc, "Error", 70,
                      "Lotus cc:Mail EXPORT to file msg272F.ccm returned result code 3.")
    out += "The connector is not configured correctly or the post office is out of reach." + CRLF
    return out


def loop_csv():
    out = ""
    seconds = 0
    for attempt in range(10):
        minute, second = divmod(48 * 60 + 5 + seconds, 60)
        time = "3:%02d:%02d PM" % (minute % 60, second)
        seconds += 15
        out += csv_record(["1/22/98", time, "MSExchangeCCMC", "Error", "None", "59", "N/A",
                           COMPUTER,
                           "Lotus cc:Mail IMPORT from file IMPORT\\MSG3358.CCM returned result "
                           "code 1.\r\n\"Program did not complete successfully\", attempt %d"
                           % (attempt + 1)])
    out += csv_record(["1/22/98", "3:56:00 PM", "MSExchangeCCMC", "Information", "None", "67",
                       "N/A", COMPUTER,
                       "Lotus cc:Mail EXPORT to file MSG880D.CCM completed successfully."])
    return out


def migration_header():
    out = csv_record(["Level", "Date and Time", "Source", "Event ID", "Task Category"])
    out = out[:-2] + "," + CRLF  # the description column has no name in this layout [G]
    out += csv_record(["Error", "3/2/2000 10:14:07 AM", "MSExchangeMig", "1029", "None",
                       "Invalid token '6' found in the export file; 'Message:' was expected."])
    out += csv_record(["Error", "3/2/2000 10:15:40 AM", "MSExchangeMig", "1027", "None",
                       "The export program returned an invalid message size of '0'."])
    out += csv_record(["Information", "3/2/2000 10:16:00 AM", "MSExchangeMig", "9999", "None",
                       "An event the knowledge base does not describe."])
    return out


def damaged():
    text = connector_faults()
    lines = text.split(CRLF)
    lines.insert(0, "---- page 2 of the printout ----")       # no record
    lines[3] = lines[3].replace("\t58\t", "\tfifty-eight\t")   # event ID not a number
    lines[6] = "\t".join(lines[6].split("\t")[:7])             # cut after the User column
    return CRLF.join(lines)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    write("connector-faults.txt", connector_faults().encode("cp1252"))
    write("q223772-loop.csv", loop_csv().encode("cp1252"))
    write("migration-header.csv", migration_header().encode("cp1252"))
    write("damaged.txt", damaged().encode("cp1252"))
    write("utf16.txt", b"\xff\xfe" + connector_faults()[:400].rsplit(CRLF, 1)[0].encode("utf-16-le")
          + CRLF.encode("utf-16-le"))


if __name__ == "__main__":
    main()
