#!/usr/bin/env python3
"""The six parametric fits of NICE DSU TSD 14 on the illustrative seven-patient cohort, extrapolated to ten years.

    bash examples/python/generate.sh                      # once: the client from protos/
    dotnet run --project src/Survival.Server              # in another terminal
    python3 examples/python/parametric_example.py [--server 127.0.0.1:5000] [--plot fits.png]

Prints, per distribution by increasing AIC, what an HTA submission tabulates: AIC, BIC, median, mean, RMST and S(t).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated"))

from survival.v1 import parametric_pb2 as parametric  # noqa: E402
from survival.v1 import survival_pb2 as pb  # noqa: E402
from survival.v1 import survival_pb2_grpc as rpc  # noqa: E402
from survival_example import EXAMPLE, load_cohort, open_channel  # noqa: E402


def fit(stub, cohort, horizon=120, times=(12, 60, 120), rmst_tau=60, plot=False):
    """One FitParametricModel call: all six distributions (an empty list), S at the times, RMST to rmst_tau."""
    request = pb.FitParametricModelRequest(cohort=cohort, times=list(times), horizon=horizon, rmst_tau=rmst_tau)
    if plot:
        request.plot.CopyFrom(pb.PlotOptions(title="Seven-patient OS: parametric fits", width=900, height=560))
    return stub.FitParametricModel(request)


def describe(response, times):
    lines = [f"{response.subjects} subjects, {response.events} events, last follow-up {response.last_follow_up:g} {response.time_unit}"]
    for f in response.fits:
        name = parametric.Distribution.Name(f.distribution).removeprefix("DISTRIBUTION_").lower()
        if not f.HasField("aic"):
            lines.append(f"{name:18} not estimable: {f.not_converged_reason}")
            continue
        p = f.predictions[0]
        median = next((q for q in p.quantiles if abs(q.probability - 0.5) < 1e-12), None)
        median_text = f"{median.time:.1f}" if median is not None and median.HasField("time") else "not reached"
        mean_text = f"{p.mean.estimate:.1f}" if p.mean.HasField("estimate") else "infinite"
        survival = "  ".join(f"S({t:g})={pt.survival:.1%}" for t, pt in zip(times, p.at_times))
        flag = "" if f.converged else f"  (not converged: {f.not_converged_reason})"
        lines.append(f"{name:18} AIC {f.aic:6.1f}  BIC {f.bic:6.1f}  median {median_text:>11}  mean {mean_text:>8}  "
                     f"RMST(60) {p.rmst.estimate:5.1f}  {survival}{flag}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default="127.0.0.1:5000")
    parser.add_argument("--plot", help="write Kaplan-Meier with the fits over it to this PNG")
    parser.add_argument("--api-key", default=os.environ.get("SURVIVAL_API_KEY"))
    args = parser.parse_args()
    times = (12, 60, 120)
    with open_channel(args.server, args.api_key) as channel:
        stub = rpc.SurvivalAnalysisStub(channel)
        response = fit(stub, load_cohort(EXAMPLE, "os_months", "os_event"), times=times, plot=args.plot is not None)
    print(describe(response, times))
    if args.plot:
        with open(args.plot, "wb") as handle:
            handle.write(response.plot.image)
        print(f"Plot written to {args.plot}")


if __name__ == "__main__":
    main()
