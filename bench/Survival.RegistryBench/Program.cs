using System.Diagnostics;
using DuckDB.NET.Data;
using Grpc.Net.Client;
using Survival.Client;
using Survival.V1;

// survival registry benchmark helpers (bench/run-registry-bench.sh runs them):
//   generate N OUT.parquet OUT.csv   N subjects, integer days up to 3650, three arms, as Parquet and a CSV copy for R
//   latency SERVER FILE.parquet CALLS   median and 95th-percentile milliseconds of a counts-form AnalyzeCohort call
return args switch
{
    ["generate", var n, var parquet, var csv] => await GenerateAsync(long.Parse(n), parquet, csv),
    ["latency", var server, var parquet, var calls] => await LatencyAsync(new Uri(server), parquet, int.Parse(calls)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: generate N OUT.parquet OUT.csv | latency SERVER FILE.parquet CALLS");
    return 2;
}

static async Task<int> GenerateAsync(long n, string parquet, string csv)
{
    await using var connection = new DuckDBConnection("Data Source=:memory:");
    await connection.OpenAsync();
    await using var command = connection.CreateCommand();
    // Exponential event times with a median of about 2.9, 3.6 and 4.4 years by arm, uniform censoring over 10 years.
    command.CommandText = $"""
        SET threads = 2;
        SELECT setseed(0.8);
        CREATE TABLE registry AS
        SELECT CAST(least(event_day, censor_day) AS INTEGER) AS time,
               CAST(event_day <= censor_day AS INTEGER) AS event,
               CASE arm WHEN 0 THEN 'control' WHEN 1 THEN 'drug_a' ELSE 'drug_b' END AS "group"
        FROM (SELECT i % 3 AS arm,
                     ceil(-ln(1 - random()) * CASE i % 3 WHEN 0 THEN 1500 WHEN 1 THEN 1900 ELSE 2300 END) AS event_day,
                     ceil(random() * 3650) AS censor_day
              FROM range({n}) AS r(i));
        COPY registry TO '{parquet}' (FORMAT parquet);
        COPY registry TO '{csv}' (HEADER);
        """;
    await command.ExecuteNonQueryAsync();
    return 0;
}

static async Task<int> LatencyAsync(Uri server, string parquet, int calls)
{
    var cohort = await DuckDbCohort.ReadAsync(parquet, new CountQuery { Columns = new CohortColumns { Time = "time", Event = "event", Group = "group" } }, "days");
    var request = new AnalyzeCohortRequest { Cohort = cohort, Comparison = new ComparisonOptions { Weights = { TestWeight.Logrank } } };
    using var channel = SurvivalChannel.Create(server);
    var client = new SurvivalAnalysis.SurvivalAnalysisClient(channel);
    var milliseconds = new List<double>();
    for (var i = 0; i < calls + 5; i++)
    {
        var watch = Stopwatch.StartNew();
        await client.AnalyzeCohortAsync(request);
        if (i >= 5) milliseconds.Add(watch.Elapsed.TotalMilliseconds); // the first calls warm the connection and the JIT
    }
    milliseconds.Sort();
    Console.WriteLine($$"""{"count_rows":{{cohort.Counts.Count}},"request_bytes":{{request.CalculateSize()}},"median_ms":{{milliseconds[calls / 2]:F2}},"p95_ms":{{milliseconds[(int)(calls * 0.95)]:F2}}}""");
    return 0;
}
