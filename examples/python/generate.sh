#!/usr/bin/env bash
# Generates the Python client from protos/ into examples/python/generated (Debian: protobuf-compiler,
# protobuf-compiler-grpc). The generated code is not committed: it is made from the protos every time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/generated"
rm -rf "$out" && mkdir -p "$out"
protoc -I "$root/protos" -I /usr/include \
  --python_out="$out" --grpc_out="$out" --plugin=protoc-gen-grpc="$(command -v grpc_python_plugin)" \
  "$root"/protos/survival/v1/*.proto "$root/protos/google/api/annotations.proto" "$root/protos/google/api/http.proto"
