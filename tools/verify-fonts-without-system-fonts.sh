#!/usr/bin/env bash
# Checks that figures do not depend on the machine's fonts: renders the doc images in a private mount namespace
# where /usr/share/fonts is empty and fontconfig has no configuration, and compares them byte for byte with
# docs/images. Needs root (unshare -m, mount --bind); run tools/render-doc-images.sh first if the drawing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release tools/Survival.DocImages -v quiet >/dev/null
empty=$(mktemp -d) out=$(mktemp -d)
trap 'rm -rf "$empty" "$out"' EXIT
unshare -m bash -c "mount --bind '$empty' /usr/share/fonts \
  && FONTCONFIG_FILE=/dev/null dotnet tools/Survival.DocImages/bin/Release/net10.0/Survival.DocImages.dll '$out' >/dev/null"
status=0
for image in docs/images/*; do
  if cmp -s "$image" "$out/$(basename "$image")"; then echo "identical  $image"; else echo "DIFFERENT  $image"; status=1; fi
done
exit $status
