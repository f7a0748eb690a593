#!/usr/bin/env bash
# Renders an HTML report (ssla report --format html) the way a reader sees it,
# with headless Chromium (Debian's `chromium` package):
#   NAME-desktop.png   1280 px wide
#   NAME-phone.png     390 px wide (a current phone), at twice the pixels
#   NAME-a4.pdf, NAME-letter.pdf   printed with --print-to-pdf
#   NAME-a4-N.png      the A4 pages as images (when pdftoppm is there)
# Screenshots are cut to the page's height (Debian's python3-pil, hence
# /usr/bin/python3 rather than whichever python3 comes first); without it they are
# as tall as the window.
#
# usage: scripts/screenshot-report.sh REPORT.html OUTDIR [NAME]
# Installs chromium, python3-pil and poppler-utils when missing (as root).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT.html OUTDIR [NAME]" >&2
  exit 2
fi
report=$(realpath "$1")
outdir=$2
name=${3:-$(basename "$1" .html)}
mkdir -p "$outdir"
outdir=$(realpath "$outdir")

need=()
command -v chromium > /dev/null || need+=(chromium)
/usr/bin/python3 -c 'import PIL' 2> /dev/null || need+=(python3-pil)
command -v pdftoppm > /dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing Debian packages (installing them needs root): ${need[*]}" >&2
    exit 1
  fi
  echo "installing: ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private profile, no network, no first-run work: the report needs nothing
# from outside, and a fetch attempt would show in the log.
chrome() {
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" --proxy-server='127.0.0.1:9' --proxy-bypass-list='<-loopback>' \
    --virtual-time-budget=2000 "$@" 2> "$work/chromium.log"
}

# Cuts a screenshot to the last row that is not background.
trim() {
  /usr/bin/python3 - "$1" << 'EOF' || true
import sys
from PIL import Image, ImageChops
path = sys.argv[1]
img = Image.open(path).convert("RGB")
bg = Image.new("RGB", img.size, img.getpixel((img.width - 1, img.height - 1)))
box = ImageChops.difference(img, bg).getbbox()
if box:
    img.crop((0, 0, img.width, min(img.height, box[3] + 24))).save(path, optimize=True)
EOF
}

shot() {  # width height scale file
  chrome --window-size="$1,$2" --force-device-scale-factor="$3" --screenshot="$4" "file://$report"
  trim "$4"
  echo "$4"
}

shot 1280 9000 1 "$outdir/$name-desktop.png"
shot 390 16000 2 "$outdir/$name-phone.png"

# Paper sizes: the report leaves the size to the printer; each copy sets one.
for paper in a4 letter; do
  size=$([ "$paper" = a4 ] && echo A4 || echo letter)
  sed "s|</head>|<style>@page{size:$size}</style></head>|" "$report" > "$work/$paper.html"
  chrome --no-pdf-header-footer --print-to-pdf="$outdir/$name-$paper.pdf" "file://$work/$paper.html"
  echo "$outdir/$name-$paper.pdf"
done
if command -v pdftoppm > /dev/null; then
  pdftoppm -r 60 -png "$outdir/$name-a4.pdf" "$outdir/$name-a4"
  ls "$outdir/$name"-a4-*.png
fi
