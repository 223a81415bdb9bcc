#!/usr/bin/env bash
# Installs everything ccsalvage needs to build and test, from Debian 12 packages only.
# Used by the README's first command and by .ci/run, so both stay the same list.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  clang clang-format libclang-rt-14-dev        # libFuzzer, ASan+UBSan builds, format check
  libboost-iostreams-dev                       # memory-mapped, read-only evidence
  libicu-dev                                   # code pages (CP850, CP437, DBCS)
  libfmt-dev libcli11-dev nlohmann-json3-dev   # formatting, command line, JSON
  libssl-dev                                   # SHA-256 (OpenSSL EVP)
  zlib1g-dev                                   # CRC-32 reference in the tests (zlib)
  libisal-dev                                  # CRC-32 of post office blocks (ISA-L)
  libgmime-3.0-dev                             # MIME composition for exports
  libgtest-dev libgmock-dev libbenchmark-dev   # tests and micro-benchmarks
  python3                                      # end-to-end check of exported mail (email package)
  time                                         # benchmarks: peak RSS
  python3-jsonschema                           # e2e: report.json against docs/report.schema.json
  chromium                                     # e2e: the HTML report rendered headless
  dovecot-imapd                                # e2e: serves an exported Maildir over IMAP
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "setup: all ${#packages[@]} packages present"
