#!/usr/bin/env bash
# Publishes the server to the folder given (default ./publish). The Dockerfile and the publish test both run this
# script, so the container is built exactly as the test checks it.
set -euo pipefail
out="${1:-publish}"
dotnet publish src/Survival.Server/Survival.Server.csproj -c Release -o "$out" -p:UseAppHost=false
