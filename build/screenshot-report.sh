#!/usr/bin/env bash
# Reproduces docs/images/report.png from a fresh clone, offline:
#   1. runs `promptforge synthesize samples/customer-support/config.yaml` on the simulator into a temporary folder,
#      (sentence embeddings: MiniLM, the default) with the sample's held-out test split,
#   2. audits it with `promptforge audit` and writes its self-contained HTML report with `promptforge report`,
#   3. renders it in headless Chromium (Debian's chromium-headless-shell, the browser the report's browser test uses;
#      installed with apt only if no Chromium is found).
# Usage: build/screenshot-report.sh [output.png]      (default: docs/images/report.png)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="$(realpath -m "${1:-$repo/docs/images/report.png}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$repo/src/PromptForge.Cli" -c Release -v quiet -nologo >/dev/null
cli=(dotnet run --project "$repo/src/PromptForge.Cli" -c Release --no-build --)

# The sample's config has a fixed seed: the same run, and so the same report, every time.
(cd "$repo" && "${cli[@]}" synthesize samples/customer-support/config.yaml --provider simulator --test-split samples/customer-support/splits/real_test.jsonl \
  --out "$work/runs") >"$work/synthesize.log" 2>&1 \
  || { echo "synthesize failed:" >&2; cat "$work/synthesize.log" >&2; exit 1; }
run="$(find "$work/runs" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | head -n 1)"
(cd "$repo" && "${cli[@]}" audit "$run") >"$work/audit.log" 2>&1 || { echo "audit failed:" >&2; cat "$work/audit.log" >&2; exit 1; }
(cd "$repo" && "${cli[@]}" report "$run" --out "$work/report.html") >/dev/null

browser="$(command -v chromium-headless-shell || command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
  echo "chromium not found; installing Debian's chromium-headless-shell package" >&2
  sudo_cmd=""; [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium-headless-shell >/dev/null
  browser="$(command -v chromium-headless-shell)"
fi

mkdir -p "$(dirname "$output")"
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$work/profile" \
  --screenshot="$output" --window-size=1280,2000 "file://$work/report.html" 2>/dev/null
echo "screenshot: $output (run $(basename "$run"), simulated)"
