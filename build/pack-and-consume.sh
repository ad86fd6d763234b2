#!/usr/bin/env bash
# Packs the shipped packages into artifacts/packages (the local feed in nuget.config), then builds the QuickStart
# sample against those packages instead of the projects, exactly as `dotnet add package PromptForge` would.
# A unique prerelease version and a private package cache keep NuGet from reusing an older package of the same version.
set -euo pipefail
cd "$(dirname "$0")/.."

version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
cache="artifacts/consume-nuget-cache"
rm -rf "$cache"
mkdir -p artifacts/packages

for project in src/PromptForge src/PromptForge.Simulation src/PromptForge.Testing src/PromptForge.Evaluation src/PromptForge.Sipdo src/PromptForge.SynSmith; do
  dotnet pack "$project" -c Release -p:Version="$version" -o artifacts/packages --nologo -v q
done

dotnet restore samples/QuickStart -p:UsePromptForgePackages=true -p:PromptForgePackageVersion="$version" --packages "$cache" -v q
dotnet build samples/QuickStart -c Release --no-restore -p:UsePromptForgePackages=true -p:PromptForgePackageVersion="$version" --nologo -v q
echo "QuickStart built against the packed PromptForge $version packages."
