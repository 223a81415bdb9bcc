#!/usr/bin/env python3
"""Serves an exported Maildir tree with a real Dovecot and reads it back over IMAP.

Usage: dovecot_check.py EXPORT_DIR

EXPORT_DIR is what `ccsalvage export --format maildir` wrote. For every user folder
maildir/<po>/<user>/ the script starts one unprivileged Dovecot (imap only, 127.0.0.1, a free
port, a generated config: passdb passwd-file with one user per Maildir, mail_location
maildir:<that folder>), logs in with imaplib, lists the folders, and for each folder compares
the message count and every message's bytes (FETCH BODY.PEEK[]) with the files the export wrote
(manifest.jsonl), and the \\Seen flag with the read state. Prints "N passed, M failed"; exits 1
on any difference, 77 when Dovecot is not installed.
"""

import imaplib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def imap_name(folder_dir):
    """The IMAP name Dovecot shows for a Maildir++ directory (".x" -> "x", root -> INBOX)."""
    return "INBOX" if folder_dir == "" else folder_dir[1:]


def expected_by_user(export_dir):
    """user root -> IMAP folder -> sorted list of (bytes, seen)."""
    users = defaultdict(lambda: defaultdict(list))
    for line in (Path(export_dir) / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["outcome"] != "exported":
            continue
        parts = entry["target"].split("/")  # maildir/<po>/<user>/[.<folder>/]cur/<name>
        root = "/".join(parts[:3])
        folder = parts[3] if parts[3] != "cur" else ""
        data = (Path(export_dir) / entry["target"]).read_bytes()
        users[root][imap_name(folder)].append((data, entry["target"].endswith(",S")))
    return users


def serve_and_check(export_dir, root, expected, work):
    port = free_port()
    base = Path(work) / root.replace("/", "_")
    (base / "run").mkdir(parents=True)
    os.chmod(work, 0o755)  # the auth process (another account when started as root) reads it
    # Unprivileged, Dovecot runs every process as the invoking user. Started as root (CI
    # containers), it drops to the accounts its Debian package creates instead.
    if os.getuid() == 0:
        internal_user, internal_group, login_user = "dovecot", "dovecot", "dovenull"
    else:
        internal_user = login_user = os.popen("id -un").read().strip()
        internal_group = os.popen("id -gn").read().strip()
    uid, gid = os.getuid(), os.getgid()
    if uid == 0:
        # Dovecot never serves mail as root: read the (world-readable) export as its own
        # account, with index and control files in folders that account owns.
        import pwd
        account = pwd.getpwnam("dovecot")
        uid, gid = account.pw_uid, account.pw_gid
        for sub in ("index", "control"):
            (base / sub).mkdir()
            os.chown(base / sub, uid, gid)
    (base / "passwd").write_text(
        f"migrate:{{PLAIN}}secret:{uid}:{gid}::{Path(export_dir, root).resolve()}::\n")
    config = base / "dovecot.conf"
    config.write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {base}/run
state_dir = {base}/run
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
mail_location = maildir:{Path(export_dir, root).resolve()}:INDEX={base}/index:CONTROL={base}/control
mail_uid = {uid}
mail_gid = {gid}
first_valid_uid = 0
passdb {{
  driver = passwd-file
  args = {base}/passwd
}}
userdb {{
  driver = passwd-file
  args = {base}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
""")
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    problems = []
    try:
        for _ in range(100):
            try:
                imap = imaplib.IMAP4("127.0.0.1", port)
                break
            except OSError:
                time.sleep(0.05)
        else:
            log = (base / "dovecot.log").read_text(errors="replace") if (base / "dovecot.log").exists() else ""
            return [f"{root}: Dovecot did not start: {log[-2000:]}"]
        imap.login("migrate", "secret")
        _, listed = imap.list()
        names = set()
        for raw in listed:
            # (\HasNoChildren) "." "Message Log"  or  (...) "." INBOX
            match = re.match(r'\(.*?\) (?:"."|NIL) (?:"((?:[^"\\]|\\.)*)"|(\S+))$', raw.decode())
            if match:
                names.add(match.group(1) if match.group(1) is not None else match.group(2))
        for folder, messages in expected.items():
            if folder not in names:
                problems.append(f"{root}: folder {folder} not listed by Dovecot ({sorted(names)})")
                continue
            status, data = imap.select(f'"{folder}"', readonly=True)
            count = int(data[0])
            if count != len(messages):
                problems.append(f"{root}/{folder}: Dovecot has {count}, export wrote {len(messages)}")
                continue
            served = []
            if count:
                _, fetched = imap.fetch(f"1:{count}", "(FLAGS BODY.PEEK[])")
                for item in fetched:
                    if isinstance(item, tuple):
                        served.append((item[1], b"\\Seen" in item[0]))
            if sorted(served) != sorted(messages):
                problems.append(f"{root}/{folder}: messages or flags served differ from the files")
        imap.logout()
    finally:
        process.terminate()
        process.wait(timeout=10)
    return problems


def main(export_dir):
    if not Path(DOVECOT).exists():
        print("dovecot not installed")
        return 77
    users = expected_by_user(export_dir)
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="ccsalvage-dovecot-") as work:
        for root, expected in sorted(users.items()):
            problems = serve_and_check(export_dir, root, expected, work)
            if problems:
                failed += 1
                for p in problems:
                    print(f"FAIL {p}")
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
