#!/usr/bin/env python3
"""Median OS and PFS of the illustrative seven-patient cohort, and its Kaplan-Meier plot, from a Survival server.

    bash examples/python/generate.sh                      # once: the client from protos/
    dotnet run --project src/Survival.Server              # in another terminal
    python3 examples/python/survival_example.py [--server 127.0.0.1:5000] [--plot km_os.png]
        [--api-key KEY (default $SURVIVAL_API_KEY)] [--tls --ca-file ca.pem]

The cohort is ILLUSTRATIVE: shaped after a published series, not its patient-level data.
"""
import argparse
import csv
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated"))

import grpc  # noqa: E402
from survival.v1 import survival_pb2 as pb  # noqa: E402
from survival.v1 import survival_pb2_grpc as rpc  # noqa: E402

EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seven_patient_cohort_illustrative.csv")


def load_cohort(path, time_column, event_column, time_unit="months"):
    """A Cohort from a CSV file with a header row: one Subject per row."""
    cohort = pb.Cohort(time_unit=time_unit)
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            cohort.subjects.add(id=row["patient"], time=float(row[time_column]), event=row[event_column] == "1")
    return cohort


def open_channel(server, api_key=None, tls=False, ca_file=None):
    """A channel that sends `authorization: Bearer <key>` on every call when a key is given; TLS with an optional CA."""
    if not tls:
        channel = grpc.insecure_channel(server)
        if not api_key:
            return channel
        # Plain-text channels refuse call credentials in grpcio, so the header is added by an interceptor.
        return grpc.intercept_channel(channel, _BearerInterceptor(api_key))
    root = open(ca_file, "rb").read() if ca_file else None
    credentials = grpc.ssl_channel_credentials(root_certificates=root)
    if api_key:
        credentials = grpc.composite_channel_credentials(credentials, grpc.access_token_call_credentials(api_key))
    return grpc.secure_channel(server, credentials)


class _BearerInterceptor(grpc.UnaryUnaryClientInterceptor):
    def __init__(self, api_key):
        self._header = ("authorization", f"Bearer {api_key}")

    def intercept_unary_unary(self, continuation, details, request):
        metadata = list(details.metadata or []) + [self._header]
        return continuation(details._replace(metadata=metadata), request)


def counts_cohort(rows, time_unit="months"):
    """A Cohort of count rows: (group, stratum, time, events, censored) tuples as `survival sql`'s GROUP BY query
    returns them where the data lives (Spark's spark.sql(query).collect(), a DB-API cursor's fetchall()).
    Every statistic depends on the data only through these counts, so the numbers are those of the subjects."""
    return pb.Cohort(time_unit=time_unit, counts=[
        pb.CountRow(group=group or "", stratum=stratum or "", time=float(time), events=int(events), censored=int(censored))
        for group, stratum, time, events, censored in rows])


def count_rows(path, time_column, event_column):
    """What the GROUP BY query returns for a CSV of subjects, counted here: one row per distinct time."""
    counts = {}
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            cell = counts.setdefault(float(row[time_column]), [0, 0])
            cell[0 if row[event_column] == "1" else 1] += 1
    return [("", "", time, events, censored) for time, (events, censored) in sorted(counts.items())]


def analyze(stub, cohort, plot_title=None):
    """One AnalyzeCohort call: estimates with 12-month survival, and a PNG when a title is given."""
    request = pb.AnalyzeCohortRequest(cohort=cohort, options=pb.EstimateOptions(landmark_times=[12]))
    if plot_title is not None:
        request.plot.CopyFrom(pb.PlotOptions(title=plot_title, caption="Illustrative data, not patient-level"))
    return stub.AnalyzeCohort(request, timeout=60)


def describe(name, group):
    median = group.median
    def show(has, value):
        return f"{value:g}" if has else "not reached"
    return (f"{name}: median {show(median.HasField('time'), median.time)} months "
            f"(95% CI {show(median.HasField('lower'), median.lower)} to {show(median.HasField('upper'), median.upper)}), "
            f"12-month survival {group.landmarks[0].survival:.0%}")


def server_address(text):
    """host:port for grpcio, from host:port or http(s)://host:port as the CLI and the C# client take it."""
    for scheme in ("http://", "https://"):
        if text.startswith(scheme):
            return text[len(scheme):].rstrip("/")
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="127.0.0.1:5000")
    parser.add_argument("--plot", default="km_os_illustrative.png")
    parser.add_argument("--api-key", default=os.environ.get("SURVIVAL_API_KEY"))
    parser.add_argument("--tls", action="store_true", help="connect with TLS")
    parser.add_argument("--ca-file", help="PEM file of the authority that signed the server's certificate")
    args = parser.parse_args()
    server = server_address(args.server)
    try:
        with open_channel(server, args.api_key, args.tls, args.ca_file) as channel:
            stub = rpc.SurvivalAnalysisStub(channel)
            os_response = analyze(stub, load_cohort(EXAMPLE, "os_months", "os_event"), "Overall survival (illustrative)")
            pfs_response = analyze(stub, load_cohort(EXAMPLE, "pfs_months", "pfs_event"))
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.UNAVAILABLE:
            raise
        print(f"cannot reach the server at {server}: {error.details()}. "
              "Start it with: dotnet run --project src/Survival.Server", file=sys.stderr)
        sys.exit(3)
    print(describe("OS", os_response.estimates.groups[0]))
    print(describe("PFS", pfs_response.estimates.groups[0]))
    with open(args.plot, "wb") as image:
        image.write(os_response.plot.image)
    print(f"Plot written to {args.plot}")


if __name__ == "__main__":
    main()
