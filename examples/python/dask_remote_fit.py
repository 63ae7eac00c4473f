#!/usr/bin/env python3
"""The data side of a remote fit (RemoteFits.FitModelRemote) on a Dask cluster, Cox or parametric: only sums reach the
service.

    bash examples/python/generate.sh                      # once: the client from protos/
    dotnet run --project src/Survival.Server              # in another terminal
    python3 examples/python/dask_remote_fit.py registry.parquet --scheduler tcp://10.0.0.5:8786 \\
        --time time --event status --terms age,ph.ecog,sex --factor sex --strata site \\
        [--dist weibull [--times 365,730] [--horizon 1825] [--rmst-tau 730]]

The service asks for a summary of the rows (how many, how many unreadable, each numeric term's mean, each factor's
levels, the strata, the largest time). For a Cox model it then asks, at each Newton step, for sums per stratum,
distinct time and role (censored, event, entry) of w, w·x, r = w·exp(η), r·x and the upper triangle of r·xxᵀ, x
centred at the centres the service sends (docs/architecture.md, "The second seam"). For survreg's exponential, Weibull, log-normal and
log-logistic it asks for the start pass (per stratum and kind of row, Σw·xx' and Σw·x·log t) and then, at each
(β, log σ per stratum), for each stratum's Σ of every row's log-likelihood term and its first and second derivatives
(ParametricStepSums). Each is one `map_partitions` over the frame — every worker sums its own partitions — and a
tree reduction (`groupby(...).sum(split_every=...)`) of the partial sums, the same messages the SQL data side
(src/Survival.Client/CoxSumsQuery.cs, ParametricSumsQuery.cs) sends, so the fit equals FitCoxModel or
FitParametricModel on the same rows. The log-normal's log Φ(−z) is scipy's log_ndtr (Debian: python3-scipy).

A row is read as the SQL side reads it: the time a number >= 0, the event 1 (event) or 0 (censored), the entry in
[0, time), the weight > 0, every term present; a factor's label and the stratum are its text, trimmed (no stratum:
''). Rows that fail are counted as unreadable and the service refuses the fit. A parametric fit sums the readable rows
with a time > 0 (its terms are in log t), as the SQL side does.
"""
import argparse
import os
import queue
import sys

import numpy as np
import pandas as pd
from scipy.special import log_ndtr

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated"))

from survival.v1 import parametric_pb2 as parametric  # noqa: E402
from survival.v1 import remote_pb2 as remote  # noqa: E402
from survival.v1 import remote_pb2_grpc as remote_rpc  # noqa: E402
from survival.v1 import survival_pb2 as pb  # noqa: E402

ROLE_ENTRY = 2
PARAMETRIC = {"exponential": parametric.DISTRIBUTION_EXPONENTIAL, "weibull": parametric.DISTRIBUTION_WEIBULL,
              "lognormal": parametric.DISTRIBUTION_LOG_NORMAL, "loglogistic": parametric.DISTRIBUTION_LOG_LOGISTIC}

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

    def answer(step):
        kind = step.WhichOneof("step")
        if kind == "summary":
            return remote.RemoteFitUpload(summary=summary(frame, columns, step.summary.model, split_every))
        if kind == "cox_sums":
            return remote.RemoteFitUpload(cox_sums=step_sums(frame, columns, step.cox_sums, split_every))
        raise RuntimeError(f"the service asked a Cox fit's data side for {kind}")

    return _converse(channel, remote.RemoteFitUpload(cox=model), answer, timeout)


def fit_parametric(channel, frame, columns, terms=(), factors=(), distribution=parametric.DISTRIBUTION_WEIBULL,
                   conf_level=0.95, max_iterations=0, split_every=8, timeout=None, profiles=(), times=(), quantiles=(),
                   horizon=None, rmst_tau=None, grid_points=0):
    """Fits survreg(Surv(time, event) ~ terms [+ strata(stratum)], weights, dist = distribution) on a dask DataFrame,
    with delayed entry when `columns.entry` is given (a row entering at e > 0 adds −log S₀((log e − η)/σ)).

    The exponential, Weibull, log-normal or log-logistic; the intercept alone when `terms` is empty. The service asks
    for the summary (as the Cox fit's, with the largest time: the last follow-up), the start pass (ParametricStartSums)
    and the sums at each (β, log σ) (ParametricStepSums), each a map_partitions and a tree reduction. The predictions
    are FitParametricModelRequest's fields of the same names: `profiles` (PredictionProfile messages, or dicts of their
    fields: label, covariates, factors, stratum; none: each level of the first factor), `times` (S, h and H there),
    `quantiles` (none: 0.25, 0.5, 0.75), `horizon` (how far the curves run; None: the last follow-up), `rmst_tau` (the
    restricted mean; None: none) and `grid_points` (0: 101). Returns RemoteFitResult with `parametric` as
    FitParametricModel answers for the one distribution; raises grpc.RpcError as fit_cox (INVALID_ARGUMENT naming
    `parametric.horizon`, `parametric.profiles[k]…` for a bad prediction field).
    """
    model = remote.RemoteParametricModel(
        terms=list(terms), factors=list(factors), distribution=distribution, conf_level=conf_level,
        weighted=columns.weight is not None, max_iterations=max_iterations, stratified=columns.stratum is not None,
        delayed_entry=columns.entry is not None,
        profiles=[p if isinstance(p, parametric.PredictionProfile) else parametric.PredictionProfile(**p) for p in profiles],
        times=list(times), quantiles=list(quantiles), grid_points=grid_points)
    if horizon is not None:
        model.horizon = horizon
    if rmst_tau is not None:
        model.rmst_tau = rmst_tau

    def answer(step):
        kind = step.WhichOneof("step")
        if kind == "summary":
            request = step.summary.parametric
            terms_model = remote.RemoteCoxModel(terms=request.terms, factors=request.factors, stratified=request.stratified)
            return remote.RemoteFitUpload(summary=summary(frame, columns, terms_model, split_every))
        if kind == "parametric_start":
            return remote.RemoteFitUpload(parametric_start=start_sums(frame, columns, step.parametric_start, split_every))
        if kind == "parametric_sums":
            return remote.RemoteFitUpload(parametric_sums=parametric_sums(frame, columns, step.parametric_sums, split_every))
        raise RuntimeError(f"the service asked a parametric fit's data side for {kind}")

    return _converse(channel, remote.RemoteFitUpload(parametric=model), answer, timeout)


def _converse(channel, opening, answer, timeout):
    """One FitModelRemote call: `opening`, then answer(step) to each step until the result, which it returns."""
    outbox = queue.Queue()
    outbox.put(opening)

    def uploads():
        while (message := outbox.get()) is not None:
            yield message

    stub = remote_rpc.RemoteFitsStub(channel)
    calls = stub.FitModelRemote(uploads(), timeout=timeout)
    result = None
    try:
        for step in calls:
            if step.WhichOneof("step") == "result":
                # The service ends the call once this side has closed its stream.
                result = step.result
                outbox.put(None)
            else:
                outbox.put(answer(step))
    finally:
        outbox.put(None)
        if result is None:
            # A step that failed here ends the call, so the service stops waiting for its sums.
            calls.cancel()
    if result is None:
        raise RuntimeError("the service closed the call without a result")
    return result


def summary(frame, columns, model, split_every=8):
    """RemoteSummary: per partition, long rows (kind, key, value, largest) reduced by a tree reduction, each value
    summed and each largest the maximum (the largest readable time, on the row of kind "max"; 0 elsewhere)."""
    spec = _spec(columns, model)
    meta = pd.DataFrame({"kind": pd.Series(dtype=object), "key": pd.Series(dtype=object), "value": pd.Series(dtype="float64"),
                         "largest": pd.Series(dtype="float64")})
    parts = frame.map_partitions(_summary_chunk, spec, meta=meta)
    totals = parts.groupby(["kind", "key"]).agg({"value": "sum", "largest": "max"}, split_every=split_every).compute()
    value = totals["value"].to_dict()
    rows = int(value.get(("rows", ""), 0))
    answer = remote.RemoteSummary(rows=rows, unreadable_rows=int(value.get(("unreadable", ""), 0)),
                                  fractional_weights=int(value.get(("fractional", ""), 0)),
                                  zero_times=int(value.get(("zero", ""), 0)),
                                  max_time=float(totals["largest"].get(("max", ""), 0.0)))
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


def start_sums(frame, columns, request, split_every=8):
    """ParametricStartSums: per partition and stratum Σw·xx' and Σw·x·y per kind of row and Σw·y², then a tree
    reduction; the gram and cross fields one block per stratum in the request's strata order."""
    spec = _spec(columns, request.model)
    design = _design(request.columns)
    p = 1 + len(design)
    triangle = p * (p + 1) // 2
    # rows, events, Σw·y², then per kind the triangle and the cross products.
    width = 3 + 2 * (triangle + p)
    parts = frame.map_partitions(_start_chunk, spec, design, list(request.strata), meta=_sums_meta(width))
    blocks = _blocks(_reduce(parts, split_every), width, len(request.strata))
    answer = remote.ParametricStartSums(rows=int(blocks[:, 0].sum()), events=int(blocks[:, 1].sum()),
                                        squared_log_times=float(blocks[:, 2].sum()))
    for block in blocks[:, 3:].tolist():
        answer.event_gram.extend(block[:triangle])
        answer.event_cross.extend(block[triangle:triangle + p])
        answer.censored_gram.extend(block[triangle + p:2 * triangle + p])
        answer.censored_cross.extend(block[2 * triangle + p:])
    return answer


def parametric_sums(frame, columns, request, split_every=8):
    """ParametricStepSums at request.parameters: per partition and stratum each row's term and its derivatives summed,
    then a tree reduction; values one block per stratum in the request's strata order (ParametricStepSums' layout)."""
    spec = _spec(columns, request.model)
    design = _design(request.design)[:request.columns - 1]
    free = request.model.distribution != parametric.DISTRIBUTION_EXPONENTIAL
    # rows, Σw·log t over the events, then the block.
    width = 2 + _parametric_width(request.columns, free)
    family = parametric.Distribution.Name(request.model.distribution)
    parts = frame.map_partitions(_parametric_chunk, spec, design, list(request.parameters), list(request.strata), family,
                                 meta=_sums_meta(width))
    blocks = _blocks(_reduce(parts, split_every), width, len(request.strata))
    return remote.ParametricStepSums(step=request.step, rows=int(blocks[:, 0].sum()), exact_log_times=float(blocks[:, 1].sum()),
                                     values=blocks[:, 2:].ravel().tolist())


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
    readable = t.to_numpy()[valid]
    rows = [("rows", "", float(valid.sum())), ("unreadable", "", float((~valid).sum())),
            ("zero", "", float((readable == 0).sum()))]
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
    frame = pd.DataFrame(rows, columns=["kind", "key", "value"]).astype({"value": "float64"})
    frame["largest"] = 0.0
    # The largest readable time: the last follow-up of a parametric fit (0 in a partition without readable rows).
    return pd.concat([frame, pd.DataFrame({"kind": ["max"], "key": [""], "value": [0.0],
                                           "largest": [float(readable.max()) if len(readable) else 0.0]})], ignore_index=True)


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


def _design(columns):
    return [(c.term, c.level, c.centre) for c in columns]


def _parametric_width(p, free):
    """1 + p + p(p+1), and 2p + 3 more with a scale (ParametricStepSums' remarks)."""
    return 1 + p + p * (p + 1) + (2 * p + 3 if free else 0)


def _sums_meta(width):
    return pd.DataFrame({"stratum": pd.Series(dtype="int64"), **{f"s{k}": pd.Series(dtype="float64") for k in range(width)}})


def _reduce(parts, split_every):
    """The partitions' sums per stratum, added by a tree reduction."""
    return parts.groupby("stratum").sum(split_every=split_every).compute().sort_index()


def _blocks(totals, width, strata):
    """One row of sums per stratum index, zeros for a stratum without rows; a label the request did not list has an
    index past the end, and its block makes the answer the wrong size, which the service refuses."""
    count = max(strata, 1, int(totals.index.max()) + 1 if len(totals) else 0)
    blocks = np.zeros((count, width))
    blocks[totals.index.to_numpy(dtype="int64")] = totals[[f"s{k}" for k in range(width)]].to_numpy(dtype="float64")
    return blocks


def _parametric_rows(part, spec, design, strata):
    """The readable rows with a time > 0 (log t must exist; as the SQL side): y = log t, d, w, the entry,
    x = (1, the design's columns centred) and the index of the row's stratum in `strata` (0 when not stratified)."""
    t, d, e, w, stratum, values, valid = _read(part, spec)
    valid &= t.to_numpy() > 0
    n = int(valid.sum())
    x = np.ones((n, 1 + len(design)))
    for j, (term, level, centre) in enumerate(design):
        v = values[term].to_numpy()[valid]
        x[:, 1 + j] = (v == level).astype("float64") - centre if level else v.astype("float64") - centre
    index = {s: i for i, s in enumerate(strata)}
    stratum_index = np.zeros(n, dtype="int64") if not strata else \
        np.array([index.get(s, len(strata)) for s in stratum.to_numpy()[valid]], dtype="int64")
    return np.log(t.to_numpy()[valid]), d.to_numpy()[valid], w.to_numpy()[valid], e.to_numpy()[valid], x, stratum_index


def _upper(x, weights):
    """The upper triangle of Σ weights·xx' row by row."""
    a, b = np.triu_indices(x.shape[1])
    return ((weights[:, None] * x[:, a]) * x[:, b]).sum(axis=0)


def _by_stratum(stratum_index, sums):
    """One row per stratum present of sums(rows of the stratum) as s0, s1, … (counts as floats: exact below 2⁵³); an
    empty partition gives stratum 0's zeros."""
    present = np.unique(stratum_index) if len(stratum_index) else np.zeros(1, dtype="int64")
    rows = [np.asarray(sums(stratum_index == s), dtype="float64") for s in present]
    frame = pd.DataFrame(rows, columns=[f"s{k}" for k in range(len(rows[0]))])
    frame.insert(0, "stratum", present.astype("int64"))
    return frame


def _start_chunk(part, spec, design, strata):
    y, d, w, _, x, stratum_index = _parametric_rows(part, spec, design, strata)

    def sums(rows):
        yr, dr, wr, xr = y[rows], d[rows], w[rows], x[rows]
        blocks = []
        for kind in (dr == 1, dr == 0):
            blocks += [_upper(xr[kind], wr[kind]), (wr[kind] * yr[kind]) @ xr[kind]]
        return np.concatenate([[len(yr), (dr == 1).sum(), (wr * yr * yr).sum()], *blocks])
    return _by_stratum(stratum_index, sums)


def _parametric_chunk(part, spec, design, parameters, strata, family):
    y, d, w, entry, x, stratum_index = _parametric_rows(part, spec, design, strata)
    p = x.shape[1]
    free = family != "DISTRIBUTION_EXPONENTIAL"
    # Each row at its stratum's log σ; a stratum the request did not list (its block is refused) at 0.
    scales = np.append(np.asarray(parameters[p:], dtype="float64"), 0.0)
    log_sigma = scales[np.minimum(stratum_index, len(scales) - 1)] if free else np.zeros(len(y))
    eta = x @ np.asarray(parameters[:p], dtype="float64")
    exact = d == 1
    g = _log_likelihood_terms(family, y, exact, entry, eta, log_sigma, free)

    def sums(rows):
        wr, xr, gr = w[rows], x[rows], {k: v[rows] for k, v in g.items()}
        er = exact[rows]
        values = [[len(wr), (wr[er] * y[rows][er]).sum(), (wr * gr["value"]).sum()], (wr * gr["E"]) @ xr,
                  _upper(xr, wr * gr["EE"]), _upper(xr, wr * gr["E"] ** 2)]
        if free:
            values += [(wr * gr["EA"]) @ xr, (wr * gr["E"] * gr["A"]) @ xr,
                       [(wr * gr["A"]).sum(), (wr * gr["AA"]).sum(), (wr * gr["A"] ** 2).sum()]]
        return np.concatenate(values)
    return _by_stratum(stratum_index, sums)


# Each row's log-likelihood term, as the in-memory likelihood writes it (src/Survival.Core/Parametric/
# LogLocationScaleFamily.cs): with z = (log t − η)/σ and s = log σ, an event log f₀(z) − s − log t, a censored row
# log S₀(z), and a delayed entry e > 0 adds −log S₀(z_e). A function j(z) of z becomes one of (η, s) by the chain rule
# (∂z/∂η = −1/σ, ∂z/∂s = −z): E = −j′/σ, EE = j″/σ², A = −z j′, EA = (z j″ + j′)/σ, AA = z² j″ + z j′.

def _log_likelihood_terms(family, y, exact, entry, eta, log_sigma, free):
    sigma = np.exp(log_sigma)
    z = (y - eta) / sigma
    density, survival = _standard(family)
    term = _chain(_where(exact, density(z), survival(z)), z, sigma, free)
    term["value"] = term["value"] - np.where(exact, log_sigma + y, 0.0)
    if free:
        term["A"] = term["A"] - exact
    later = entry > 0
    if later.any():
        z_entry = (np.log(np.where(later, entry, 1.0)) - eta) / sigma
        truncation = _chain(survival(z_entry), z_entry, sigma, free)
        for k in term:
            term[k] = term[k] - np.where(later, truncation[k], 0.0)
    return term


def _chain(jet, z, sigma, free):
    value, dz, dzz = jet
    term = {"value": value, "E": -dz / sigma, "EE": dzz / sigma ** 2}
    if free:
        term.update(A=-z * dz, EA=(z * dzz + dz) / sigma, AA=z * z * dzz + z * dz)
    return term


def _where(condition, a, b):
    return tuple(np.where(condition, u, v) for u, v in zip(a, b))


def _standard(family):
    """(log f₀, log S₀) of the standard distribution of W, each returning (value, first, second derivative in z)."""
    return {"DISTRIBUTION_EXPONENTIAL": (_extreme_density, _extreme_survival),
            "DISTRIBUTION_WEIBULL": (_extreme_density, _extreme_survival),
            "DISTRIBUTION_LOG_NORMAL": (_normal_density, _normal_survival),
            "DISTRIBUTION_LOG_LOGISTIC": (_logistic_density, _logistic_survival)}[family]


def _extreme_density(z):
    # Minimum extreme value: log f₀ = z − eᶻ.
    ez = np.exp(z)
    return z - ez, 1 - ez, -ez


def _extreme_survival(z):
    # log S₀ = −eᶻ.
    ez = np.exp(z)
    return -ez, -ez, -ez


_LOG_ROOT_TWO_PI = 0.5 * np.log(2 * np.pi)


def _normal_density(z):
    return -z * z / 2 - _LOG_ROOT_TWO_PI, -z, -np.ones_like(z)


def _normal_survival(z):
    # log S₀ = log Φ(−z) by scipy's log_ndtr (accurate far into the tail, where Φ(−z) underflows); with λ = φ/S₀ the
    # inverse Mills ratio, (log S₀)' = −λ and (log S₀)'' = λ(z − λ).
    log_s = log_ndtr(-z)
    mills = np.exp(-z * z / 2 - _LOG_ROOT_TWO_PI - log_s)
    return log_s, -mills, mills * (z - mills)


def _logistic_parts(z):
    """S₀ = 1/(1 + eᶻ) and F₀ = 1 − S₀, each without cancellation, and e^−|z|."""
    u = np.exp(-np.abs(z))
    positive = z > 0
    return np.where(positive, u / (1 + u), 1 / (1 + u)), np.where(positive, 1 / (1 + u), u / (1 + u)), u


def _logistic_density(z):
    # log f₀ = −|z| − 2 log(1 + e^−|z|); derivatives S₀ − F₀ and −2 f₀.
    s, f, u = _logistic_parts(z)
    return -np.abs(z) - 2 * np.log1p(u), s - f, -2 * s * f


def _logistic_survival(z):
    # log S₀ = −max(z, 0) − log(1 + e^−|z|); derivatives −F₀ and −S₀F₀.
    s, f, u = _logistic_parts(z)
    return -np.maximum(z, 0) - np.log1p(u), -f, -s * f


def describe(result):
    if result.HasField("parametric"):
        return describe_parametric(result)
    cox = result.cox
    lines = [f"{cox.subjects} subjects, {cox.events} events, {result.steps} steps; log-likelihood {cox.log_likelihood:.6f}"]
    for c in cox.coefficients:
        name = c.term + (f"={c.level}" if c.level else "")
        lines.append(f"{name:16} coef {c.coefficient: .6f}  se {c.std_error:.6f}  HR {c.hazard_ratio:.4f} "
                     f"({c.lower:.4f} to {c.upper:.4f})  p {c.p_value:.3g}")
    lines.extend(f"not computed: {n.statistic} ({n.reason})" for n in result.not_computed)
    return "\n".join(lines)


def describe_parametric(result):
    response = result.parametric
    fit = response.fits[0]
    name = parametric.Distribution.Name(fit.distribution).removeprefix("DISTRIBUTION_").lower()
    last = f", last follow-up {response.last_follow_up:g}" if response.last_follow_up > 0 else ""
    lines = [f"{response.subjects} subjects, {response.events} events{last}, {result.steps} steps; {name}: "
             f"log-likelihood {fit.log_likelihood:.6f}, AIC {fit.aic:.3f}, {fit.iterations} iterations"]
    for c in fit.coefficients:
        label = c.term + (f"={c.level}" if c.level else "")
        lines.append(f"{label:16} coef {c.estimate: .6f}  se {c.std_error:.6f}  p {c.p_value:.3g}")
    lines.extend(f"{a.name + (':' + a.stratum if a.stratum else ''):16} {a.estimate: .6f}  ({a.lower:.4f} to {a.upper:.4f})"
                 for a in fit.ancillary)
    for p in fit.predictions:
        median = next((q for q in p.quantiles if q.probability == 0.5), None)
        median_text = f"{median.time:.1f} ({median.lower:.1f} to {median.upper:.1f})" if median is not None and median.HasField("time") else "not reached"
        mean_text = f"{p.mean.estimate:.1f}" if p.mean.HasField("estimate") else "infinite"
        rmst_text = f", RMST({p.rmst.tau:g}) {p.rmst.estimate:.1f}" if p.HasField("rmst") and p.rmst.HasField("estimate") else ""
        at_text = "".join(f", S({a.time:g}) {a.survival:.3f}" for a in p.at_times)
        lines.append(f"predicted at {p.label + (' (' + p.stratum + ')' if p.stratum else '')}: median {median_text}, "
                     f"mean {mean_text}{rmst_text}{at_text}")
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
    parser.add_argument("--terms", default="", help="comma-separated, in model order (a parametric model may have none)")
    parser.add_argument("--factor", action="append", default=[], help="a term read as a factor (repeatable)")
    parser.add_argument("--strata")
    parser.add_argument("--weight")
    parser.add_argument("--entry")
    parser.add_argument("--ties", choices=["efron", "breslow"], default="efron")
    parser.add_argument("--dist", choices=["cox", *PARAMETRIC], default="cox", help="a Cox model, or survreg's family")
    parser.add_argument("--times", default="", help="parametric: times at which to report S(t), comma-separated")
    parser.add_argument("--horizon", type=float, help="parametric: how far the curves run (default: the last follow-up)")
    parser.add_argument("--rmst-tau", type=float, help="parametric: the restricted mean survival up to this time")
    parser.add_argument("--api-key", default=os.environ.get("SURVIVAL_API_KEY"))
    args = parser.parse_args()
    frame = dd.read_parquet(args.data) if args.data.endswith(".parquet") else dd.read_csv(args.data)
    cluster = None if args.scheduler else LocalCluster(n_workers=2, threads_per_worker=1, processes=True)
    with Client(args.scheduler or cluster), open_channel(args.server, args.api_key) as channel:
        columns = Columns(args.time, args.event, args.strata, args.weight, args.entry)
        terms = [t for t in args.terms.split(",") if t]
        if args.dist == "cox":
            result = fit_cox(channel, frame, columns, terms, args.factor,
                             ties=pb.TIE_METHOD_EFRON if args.ties == "efron" else pb.TIE_METHOD_BRESLOW)
        else:
            result = fit_parametric(channel, frame, columns, terms, args.factor, distribution=PARAMETRIC[args.dist],
                                    times=[float(t) for t in args.times.split(",") if t], horizon=args.horizon,
                                    rmst_tau=args.rmst_tau)
    if cluster is not None:
        cluster.close()
    print(describe(result))


if __name__ == "__main__":
    main()
