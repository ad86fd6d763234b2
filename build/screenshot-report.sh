#!/usr/bin/env bash
# Renders a run's HTML report in headless Chromium and saves a screenshot (default docs/images/report.png).
#   build/screenshot-report.sh <run-dir | report.html> [output.png]
# With a run folder, the report is written first with `promptforge report`. Installs Debian's chromium only if missing.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source="${1:?usage: build/screenshot-report.sh <run-dir | report.html> [output.png]}"
output="${2:-$repo/docs/images/report.png}"

if [[ -d "$source" ]]; then
  html="$(mktemp -d)/report.html"
  dotnet run --project "$repo/src/PromptForge.Cli" -- report "$source" --out "$html" >/dev/null
else
  html="$(realpath "$source")"
fi

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
  echo "chromium not found; installing Debian's chromium package" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  browser="$(command -v chromium)"
fi

mkdir -p "$(dirname "$output")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$profile" \
  --screenshot="$output" --window-size=1280,2000 "file://$html" 2>/dev/null
echo "screenshot: $output"
