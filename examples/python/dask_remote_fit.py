#!/usr/bin/env python3
"""The data side of a remote Cox fit (RemoteFits.FitModelRemote) on a Dask cluster: only sums reach the service.

    bash examples/python/generate.sh                      # once: the client from protos/
    dotnet run --project src/Survival.Server              # in another terminal
    python3 examples/python/dask_remote_fit.py registry.parquet --scheduler tcp://10.0.0.5:8786 \\
        --time time --event status --terms age,ph.ecog,sex --factor sex --strata site

The service asks for a summary of the rows (how many, how many unreadable, each numeric term's mean, each factor's
levels, the strata), then, at each Newton step, for sums per stratum, distinct time and role (censored, event, entry)
of w, w·x, r = w·exp(η), r·x and the upper triangle of r·xxᵀ, x centred at the centres the service sends
(docs/architecture.md, "The second seam"). Each is one `map_partitions` over the frame — every worker sums its own
partitions — and a tree reduction (`groupby(...).sum(split_every=...)`) of the partial sums, the same messages the
SQL data side (src/Survival.Client/CoxSumsQuery.cs) sends, so the fit equals FitCoxModel on the same rows.

A row is read as the SQL side reads it: the time a number >= 0, the event 1 (event) or 0 (censored), the entry in
[0, time), the weight > 0, every term present; a factor's label and the stratum are its text, trimmed (no stratum:
''). Rows that fail are counted as unreadable and the service refuses the fit.
"""
import argparse
import os
import queue
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated"))

from survival.v1 import remote_pb2 as remote  # noqa: E402
from survival.v1 import remote_pb2_grpc as remote_rpc  # noqa: E402
from survival.v1 import survival_pb2 as pb  # noqa: E402

ROLE_ENTRY = 2

if __name__ != "__main__":
    # The workers run this module's kernels without having it on their path.
    import cloudpickle
    cloudpickle.register_pickle_by_value(sys.modules[__name__])


class Columns:
    """Which columns of the frame hold the time, the event, the stratum, the weight and the entry (None: none)."""

    def __init__(self, time, event, stratum=None, weight=None, entry=None):
        self.time, self.event, self.stratum, self.weight, self.entry = time, event, stratum, weight, entry


def fit_cox(channel, frame, columns, terms, factors=(), ties=pb.TIE_METHOD_EFRON, conf_level=0.95,
            max_iterations=0, split_every=8, timeout=None):
    """Fits coxph(Surv([entry,] time, event) ~ terms [+ strata(stratum)], weights) on a dask DataFrame.

    `channel` is a grpc channel to the service; the work runs on the dask client that is current (distributed.Client).
    Returns RemoteFitResult: `cox` as FitCoxModel answers, `not_computed` with reasons, `steps`. Raises grpc.RpcError
    when the service refuses the model or the sums, or the deadline (`timeout` seconds) passes.
    """
    model = remote.RemoteCoxModel(
        terms=list(terms), factors=list(factors), stratified=columns.stratum is not None, ties=ties,
        conf_level=conf_level, weighted=columns.weight is not None, delayed_entry=columns.entry is not None,
        max_iterations=max_iterations)
    outbox = queue.Queue()
    outbox.put(remote.RemoteFitUpload(cox=model))

    def uploads():
        while (message := outbox.get()) is not None:
            yield message

    stub = remote_rpc.RemoteFitsStub(channel)
    calls = stub.FitModelRemote(uploads(), timeout=timeout)
    result = None
    try:
        for step in calls:
            kind = step.WhichOneof("step")
            if kind == "summary":
                outbox.put(remote.RemoteFitUpload(summary=summary(frame, columns, step.summary.model, split_every)))
            elif kind == "cox_sums":
                outbox.put(remote.RemoteFitUpload(cox_sums=step_sums(frame, columns, step.cox_sums, split_every)))
            elif kind == "result":
                # The service ends the call once this side has closed its stream.
                result = step.result
                outbox.put(None)
    finally:
        outbox.put(None)
        if result is None:
            # A step that failed here ends the call, so the service stops waiting for its sums.
            calls.cancel()
    if result is None:
        raise RuntimeError("the service closed the call without a result")
    return result


def summary(frame, columns, model, split_every=8):
    """RemoteSummary: per partition, long rows (kind, key, value) summed by a tree reduction."""
    spec = _spec(columns, model)
    meta = pd.DataFrame({"kind": pd.Series(dtype=object), "key": pd.Series(dtype=object), "value": pd.Series(dtype="float64")})
    parts = frame.map_partitions(_summary_chunk, spec, meta=meta)
    totals = parts.groupby(["kind", "key"]).value.sum(split_every=split_every).compute()
    value = {key: v for key, v in totals.items()}
    rows = int(value.get(("rows", ""), 0))
    answer = remote.RemoteSummary(rows=rows, unreadable_rows=int(value.get(("unreadable", ""), 0)),
                                  fractional_weights=int(value.get(("fractional", ""), 0)))
    for i, term in enumerate(model.terms):
        answer.term_means.append(0.0 if term in model.factors or rows == 0 else value.get(("sum", str(i)), 0.0) / rows)
    for f, factor in enumerate(model.factors):
        levels = sorted((key[len(f"{f}:"):], int(v)) for (kind, key), v in value.items() if kind == "level" and key.startswith(f"{f}:"))
        answer.factor_levels.append(remote.FactorLevelCounts(term=factor, levels=[l for l, _ in levels], counts=[n for _, n in levels]))
    if model.stratified:
        answer.strata.extend(sorted((key for kind, key in value if kind == "stratum"), key=lambda s: s.encode("utf-8")))
    return answer


def step_sums(frame, columns, request, split_every=8):
    """CoxStepSums at request.beta: per partition the sums per (stratum, time, role), then a tree reduction."""
    spec = _spec(columns, request.model)
    design = [(c.term, c.level, c.centre) for c in request.columns]
    beta, strata = list(request.beta), list(request.strata)
    width = _width(len(design))
    meta = pd.DataFrame({"stratum": pd.Series(dtype="int64"), "time": pd.Series(dtype="float64"),
                         "role": pd.Series(dtype="int64"), "count": pd.Series(dtype="int64"),
                         **{f"s{k}": pd.Series(dtype="float64") for k in range(width)}})
    parts = frame.map_partitions(_step_chunk, spec, design, beta, strata, meta=meta)
    totals = parts.groupby(["stratum", "time", "role"]).sum(split_every=split_every).compute().reset_index()
    sums = totals[[f"s{k}" for k in range(width)]].to_numpy(dtype="float64")
    return remote.CoxStepSums(step=request.step, stratum=totals["stratum"].astype("uint32").tolist(),
                              time=totals["time"].tolist(), role=totals["role"].tolist(),
                              count=totals["count"].tolist(), sums=sums.ravel().tolist())


def count_rows(frame, time, event, group=None, stratum=None, split_every=8):
    """The counting table for the existing RPCs (survival_example.counts_cohort): (group, stratum, time, events,
    censored) per distinct time, by the same map_partitions and tree reduction; rows that cannot be read are left out."""
    meta = pd.DataFrame({"group": pd.Series(dtype=object), "stratum": pd.Series(dtype=object), "time": pd.Series(dtype="float64"),
                         "events": pd.Series(dtype="int64"), "censored": pd.Series(dtype="int64")})
    parts = frame.map_partitions(_count_chunk, time, event, group, stratum, meta=meta)
    totals = parts.groupby(["group", "stratum", "time"]).sum(split_every=split_every).compute().sort_index()
    return [(g, s, t, int(e), int(c)) for (g, s, t), (e, c) in zip(totals.index, totals[["events", "censored"]].to_numpy())]


# The kernels below run on the workers: they take plain values (no protobuf) and return pandas frames.

def _spec(columns, model):
    return {"time": columns.time, "event": columns.event, "stratum": columns.stratum, "weight": columns.weight,
            "entry": columns.entry, "terms": list(model.terms), "factors": list(model.factors)}


def _width(p):
    return 2 + 2 * p + p * (p + 1) // 2


def _read(part, spec):
    """The partition's rows as the SQL side reads them, and which of them are readable."""
    t = pd.to_numeric(part[spec["time"]], errors="coerce").astype("float64")
    event = pd.to_numeric(part[spec["event"]], errors="coerce")
    d = pd.Series(np.where(event == 1, 1.0, np.where(event == 0, 0.0, np.nan)), index=part.index)
    e = pd.to_numeric(part[spec["entry"]], errors="coerce").astype("float64") if spec["entry"] else pd.Series(0.0, index=part.index)
    w = pd.to_numeric(part[spec["weight"]], errors="coerce").astype("float64") if spec["weight"] else pd.Series(1.0, index=part.index)
    stratum = _labels(part[spec["stratum"]]).fillna("") if spec["stratum"] else pd.Series("", index=part.index)
    valid = (t >= 0) & d.notna()
    if spec["entry"]:
        valid &= (e >= 0) & (e < t)
    if spec["weight"]:
        valid &= w > 0
    values = {}
    for term in spec["terms"]:
        v = _labels(part[term]) if term in spec["factors"] else pd.to_numeric(part[term], errors="coerce").astype("float64")
        valid &= v.notna()
        values[term] = v
    return t, d, e, w, stratum, values, valid.to_numpy()


def _labels(series):
    """A column's text, trimmed, missing kept missing (as trim(CAST(x AS text)))."""
    return series.where(series.isna(), series.astype(str).str.strip())


def _summary_chunk(part, spec):
    t, d, e, w, stratum, values, valid = _read(part, spec)
    rows = [("rows", "", float(valid.sum())), ("unreadable", "", float((~valid).sum()))]
    if spec["weight"]:
        wv = w.to_numpy()[valid]
        rows.append(("fractional", "", float((wv != np.floor(wv)).sum())))
    for i, term in enumerate(spec["terms"]):
        if term not in spec["factors"]:
            rows.append(("sum", str(i), float(values[term].to_numpy()[valid].sum())))
    for f, factor in enumerate(spec["factors"]):
        for level, n in values[factor][valid].value_counts().items():
            rows.append(("level", f"{f}:{level}", float(n)))
    if spec["stratum"]:
        rows.extend(("stratum", s, 0.0) for s in stratum[valid].unique())
    return pd.DataFrame(rows, columns=["kind", "key", "value"]).astype({"value": "float64"})


def _count_chunk(part, time, event, group, stratum):
    t = pd.to_numeric(part[time], errors="coerce").astype("float64")
    d = pd.to_numeric(part[event], errors="coerce")
    keys = {"group": _labels(part[group]).fillna("") if group else "", "stratum": _labels(part[stratum]).fillna("") if stratum else ""}
    frame = pd.DataFrame({**keys, "time": t, "events": (d == 1).astype("int64"), "censored": (d == 0).astype("int64")}, index=part.index)
    frame = frame[(t >= 0) & ((d == 1) | (d == 0))]
    return frame.groupby(["group", "stratum", "time"], sort=False).sum().reset_index()


def _step_chunk(part, spec, design, beta, strata):
    t, d, e, w, stratum, values, valid = _read(part, spec)
    n, p = int(valid.sum()), len(design)
    x = np.empty((n, p))
    for j, (term, level, centre) in enumerate(design):
        v = values[term].to_numpy()[valid]
        x[:, j] = (v == level).astype("float64") - centre if level else v.astype("float64") - centre
    w = w.to_numpy()[valid]
    r = w * np.exp(x @ np.asarray(beta, dtype="float64"))
    upper = np.triu_indices(p)
    sums = np.concatenate([w[:, None], w[:, None] * x, r[:, None], r[:, None] * x,
                           r[:, None] * x[:, upper[0]] * x[:, upper[1]]], axis=1)
    # An unstratified model has one stratum; a label the summary did not list goes past the end, which the service refuses.
    index = {s: i for i, s in enumerate(strata)}
    stratum_index = np.zeros(n, dtype="int64") if not strata else \
        np.array([index.get(s, len(strata)) for s in stratum.to_numpy()[valid]], dtype="int64")
    names = [f"s{k}" for k in range(sums.shape[1])]
    frame = pd.DataFrame(sums, columns=names)
    frame.insert(0, "count", np.ones(n, dtype="int64"))
    keys = {"stratum": stratum_index, "time": t.to_numpy()[valid], "role": d.to_numpy()[valid].astype("int64")}
    groups = [frame.assign(**keys).groupby(["stratum", "time", "role"], sort=False).sum().reset_index()]
    if spec["entry"]:
        entry = e.to_numpy()[valid]
        later = entry > 0
        # An entry at 0 takes no one out of any risk set.
        keyed = frame[later].assign(stratum=stratum_index[later], time=entry[later], role=ROLE_ENTRY)
        groups.append(keyed.groupby(["stratum", "time", "role"], sort=False).sum().reset_index())
    out = pd.concat(groups, ignore_index=True)
    return out[["stratum", "time", "role", "count", *names]].astype({"stratum": "int64", "role": "int64", "count": "int64"})


def describe(result):
    cox = result.cox
    lines = [f"{cox.subjects} subjects, {cox.events} events, {result.steps} steps; log-likelihood {cox.log_likelihood:.6f}"]
    for c in cox.coefficients:
        name = c.term + (f"={c.level}" if c.level else "")
        lines.append(f"{name:16} coef {c.coefficient: .6f}  se {c.std_error:.6f}  HR {c.hazard_ratio:.4f} "
                     f"({c.lower:.4f} to {c.upper:.4f})  p {c.p_value:.3g}")
    lines.extend(f"not computed: {n.statistic} ({n.reason})" for n in result.not_computed)
    return "\n".join(lines)


def main():
    import dask.dataframe as dd
    from distributed import Client, LocalCluster
    from survival_example import open_channel

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="Parquet or CSV files (a path or a glob) the workers can read")
    parser.add_argument("--server", default="127.0.0.1:5000")
    parser.add_argument("--scheduler", help="a dask scheduler's address; absent: a local cluster of two processes")
    parser.add_argument("--time", required=True)
    parser.add_argument("--event", required=True, help="1 event, 0 censored")
    parser.add_argument("--terms", required=True, help="comma-separated, in model order")
    parser.add_argument("--factor", action="append", default=[], help="a term read as a factor (repeatable)")
    parser.add_argument("--strata")
    parser.add_argument("--weight")
    parser.add_argument("--entry")
    parser.add_argument("--ties", choices=["efron", "breslow"], default="efron")
    parser.add_argument("--api-key", default=os.environ.get("SURVIVAL_API_KEY"))
    args = parser.parse_args()
    frame = dd.read_parquet(args.data) if args.data.endswith(".parquet") else dd.read_csv(args.data)
    cluster = None if args.scheduler else LocalCluster(n_workers=2, threads_per_worker=1, processes=True)
    with Client(args.scheduler or cluster), open_channel(args.server, args.api_key) as channel:
        result = fit_cox(channel, frame, Columns(args.time, args.event, args.strata, args.weight, args.entry),
                         args.terms.split(","), args.factor,
                         ties=pb.TIE_METHOD_EFRON if args.ties == "efron" else pb.TIE_METHOD_BRESLOW)
    if cluster is not None:
        cluster.close()
    print(describe(result))


if __name__ == "__main__":
    main()
