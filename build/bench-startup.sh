#!/usr/bin/env bash
# Start-up of the packed `promptforge` tool: the ReadyToRun pack (the default) against the JIT-only pack it replaced
# (-p:PromptForgeReadyToRun=false). Packs both variants of the current tree into a private feed, installs each with
# `dotnet tool install --tool-path` exactly as a user would, then times, interleaving the two variants run by run:
#   promptforge --version
#   promptforge synthesize <customer-support config> --iterations 1 --samples-per-iteration 6   (offline simulator)
# and prints the median (min-max) wall time of each, the JIT/R2R ratio and the load average before and after.
# Usage: build/bench-startup.sh [runs]        (default 7 runs of each command per variant)
# A timing, not a test: figures go to docs/performance.md with the load they were measured under.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-7}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

stamp="$(date -u +%Y%m%d%H%M%S)"
declare -A version=([jit]="0.1.0-startjit.$stamp" [r2r]="0.1.0-startr2r.$stamp")
# The R2R variant is packed for this machine's RID and the portable 'any' fallback only (the release pack compiles every
# RID in ToolPackageRuntimeIdentifiers, which takes several times longer and measures nothing more here).
rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"
declare -A flags=([jit]="-p:PromptForgeReadyToRun=false" [r2r]="-p:ToolPackageRuntimeIdentifiers=\"$rid;any\"")
for variant in jit r2r; do
  echo "== pack $variant (${flags[$variant]})" >&2
  dotnet pack "$repo/src/PromptForge.Cli" -c Release -o "$work/feed" -p:Version="${version[$variant]}" ${flags[$variant]} --nologo -v q >&2
  # A private package cache so that nothing installed earlier is reused.
  (cd "$work" && NUGET_PACKAGES="$work/nuget-$variant" dotnet tool install PromptForge.Cli --tool-path "$work/$variant" \
     --add-source "$work/feed" --version "${version[$variant]}" >&2)
done
echo "packages: $(cd "$work/feed" && ls -1 | tr '\n' ' ')" >&2

config_dir="$work/config"
mkdir -p "$config_dir"
cp "$repo/tests/PromptForge.Cli.Tests/TestData/synsmith/customer_support/"* "$config_dir/"

# Milliseconds of one command's wall time (output discarded; a failure stops the bench).
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@" >&2 || true; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

declare -A samples
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for variant in jit r2r; do time_ms "$work/$variant/promptforge" --version >/dev/null; done   # warm the disk cache
for ((i = 1; i <= runs; i++)); do
  for variant in jit r2r; do
    samples[$variant-version]+="$(time_ms "$work/$variant/promptforge" --version) "
    samples[$variant-synthesize]+="$(cd "$config_dir" && time_ms "$work/$variant/promptforge" synthesize config.yaml --provider simulator --iterations 1 \
      --samples-per-iteration 6 --seed 4 --out "$work/runs-$variant-$i") "
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# median min max of a list of integers
stats() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%d %d %d", m, a[1], a[NR]}'; }

echo
echo "promptforge start-up, $runs runs each, $(nproc) cores, $(dotnet --list-runtimes | grep -m1 'Microsoft.NETCore.App' | cut -d' ' -f1-2)"
echo "load average (1/5/15 min): before $load_before, after $load_after"
printf '%-12s %-26s %-26s %s\n' command "JIT only: median (min-max)" "ReadyToRun: median (min-max)" "JIT / R2R"
for command in version synthesize; do
  read -r jm jmin jmax <<<"$(stats "${samples[jit-$command]}")"
  read -r rm rmin rmax <<<"$(stats "${samples[r2r-$command]}")"
  printf '%-12s %-26s %-26s %s\n' "$command" "$jm ms ($jmin-$jmax)" "$rm ms ($rmin-$rmax)" "$(awk -v a="$jm" -v b="$rm" 'BEGIN {printf "%.2f", a / b}')"
done
