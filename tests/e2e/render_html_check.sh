#!/usr/bin/env bash
# Renders an HTML report in headless Chromium to a screenshot and fails on any console message
# (the report has no script, so any message is a Content-Security-Policy violation, a resource
# it tried to load or a parse problem) or on a missing screenshot.
# Usage: render_html_check.sh REPORT.html SCREENSHOT.png
# Exit 0 good, 1 console message or no screenshot, 77 chromium is not installed.
set -u
html=$1
png=$2
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || exit 77
profile=$(mktemp -d "${TMPDIR:-/tmp}/ccsalvage-chromium.XXXXXX")
log="$profile.log"
rm -f "$png"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 --window-size=1200,4000 \
    --screenshot="$png" "file://$(realpath "$html")" 2>"$log" >/dev/null
status=$?
console=$(grep -F ':CONSOLE' "$log" || true)
rm -rf "$profile"
if [ -n "$console" ]; then
    echo "console messages while rendering $html:"
    echo "$console"
    rm -f "$log"
    exit 1
fi
rm -f "$log"
if [ ! -s "$png" ]; then
    echo "no screenshot of $html (chromium exit $status)"
    exit 1
fi
exit 0
