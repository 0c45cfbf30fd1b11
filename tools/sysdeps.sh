#!/bin/sh
# Installs the Debian packages the Makefile needs, saying which and why in one line, and never
# asks for a password (root, or `sudo -n`). When it cannot, it names the missing packages and
# the command to run, and exits 1; the caller decides whether that is fatal.
# usage: sh tools/sysdeps.sh "why they are needed" package...
why=$1
shift
missing=""
for pkg in "$@"; do
  dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q " installed$" || missing="$missing $pkg"
done
missing=${missing# }
[ -z "$missing" ] && exit 0
hint="run: sudo apt-get install -y $missing"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "piaudit setup: missing $missing ($why); no apt-get here: install them with your package manager"
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  apt="apt-get"
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  apt="sudo -n apt-get"  # -n: a sudo that wants a password fails here instead of prompting
else
  echo "piaudit setup: missing $missing ($why); cannot install without a password: $hint"
  exit 1
fi
echo "piaudit setup: apt-get install $missing ($why)"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # the package list is meant to split into words
$apt install -y -q $missing >/dev/null 2>&1 \
  || { $apt update -q >/dev/null 2>&1 && $apt install -y -q $missing >/dev/null 2>&1; } \
  || { echo "piaudit setup: could not install $missing ($why): $hint"; exit 1; }
