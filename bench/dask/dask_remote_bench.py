#!/usr/bin/env python3
"""The remote Cox or parametric fit through Dask (issue 22): the remote bench's cohort (bench/Survival.RemoteBench
generate N OUT.parquet OUT.csv) read as CSV by two local worker processes (one thread each), every step a map_partitions
over the file and a tree reduction, against a running server. Prints one JSON line: wall seconds of the whole fit,
steps, coefficients, the load average.

    /usr/bin/python3 bench/dask/dask_remote_bench.py COHORT.csv --server 127.0.0.1:5000 [--dist weibull]
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "python"))

import dask.dataframe as dd  # noqa: E402
import grpc  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

import dask_remote_fit as dask_fit  # noqa: E402

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--server", default="127.0.0.1:5000")
    parser.add_argument("--blocksize", default="32MB")
    parser.add_argument("--dist", choices=["cox", *dask_fit.PARAMETRIC], default="cox")
    args = parser.parse_args()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster, \
            Client(cluster), grpc.insecure_channel(args.server) as channel:
        frame = dd.read_csv(args.csv, blocksize=args.blocksize)
        start = time.perf_counter()
        columns, terms = dask_fit.Columns("time", "event"), ["age", "bmi", "treated", "score", "lab", "region"]
        if args.dist == "cox":
            result = dask_fit.fit_cox(channel, frame, columns, terms, ["region"])
        else:
            result = dask_fit.fit_parametric(channel, frame, columns, terms, ["region"], distribution=dask_fit.PARAMETRIC[args.dist])
        seconds = time.perf_counter() - start
    if args.dist == "cox":
        subjects, iterations, coef = result.cox.subjects, result.cox.iterations, [c.coefficient for c in result.cox.coefficients]
    else:
        fit = result.parametric.fits[0]
        subjects, iterations, coef = result.parametric.subjects, fit.iterations, [c.estimate for c in fit.coefficients]
    print(json.dumps({"model": args.dist, "subjects": subjects, "partitions": frame.npartitions, "workers": 2,
                      "seconds": round(seconds, 1), "steps": result.steps, "iterations": iterations,
                      "coef": [round(c, 6) for c in coef], "load": os.getloadavg()}))
