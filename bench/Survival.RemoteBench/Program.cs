using System.Diagnostics;
using DuckDB.NET.Data;
using Survival.Client;
using Survival.V1;

// survival remote-fit benchmark helper (bench/run-remote-bench.sh runs it):
//   generate N OUT.parquet [OUT.csv]   N subjects: integer days up to 3650, five covariates, a four-level factor
//   step FILE.parquet                  seconds of the summary and of one step's aggregation at β = 0, in embedded DuckDB
return args switch
{
    ["step", var parquet] => await StepAsync(parquet),
    ["print-step", var parquet] => PrintStep(parquet),
    ["time-sql", var file] => await TimeSqlAsync(File.ReadAllText(file)),
    ["generate", var n, var parquet] => await GenerateAsync(long.Parse(n), parquet, null),
    ["generate", var n, var parquet, var csv] => await GenerateAsync(long.Parse(n), parquet, csv),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: generate N OUT.parquet [OUT.csv]");
    return 2;
}

static int PrintStep(string parquet)
{
    Console.WriteLine(Step(parquet).Query.StepSql(SqlDialect.DuckDb, Step(parquet).Request));
    return 0;
}

static (CoxSumsQuery Query, CoxSumsRequest Request) Step(string parquet)
{
    var model = new RemoteCoxModel { Terms = { "age", "bmi", "treated", "score", "lab", "region" }, Factors = { "region" }, Ties = TieMethod.Efron };
    var step = new CoxSumsRequest { Model = model };
    foreach (var term in new[] { "age", "bmi", "treated", "score", "lab" }) step.Columns.Add(new RemoteDesignColumn { Term = term, Centre = 1 });
    foreach (var level in new[] { "north", "south", "west" }) step.Columns.Add(new RemoteDesignColumn { Term = "region", Level = level, Centre = 0.25 });
    step.Beta.Add(Enumerable.Repeat(0.01, step.Columns.Count));
    return (DuckDbCohort.CoxSums(parquet, new CohortColumns { Time = "time", Event = "event" }), step);
}

static async Task<int> TimeSqlAsync(string sql)
{
    await using var connection = await DuckDbCohort.OpenAsync();
    var watch = Stopwatch.StartNew();
    var rows = await new ConnectionSqlRunner(connection).RunAsync(sql, default);
    Console.WriteLine($$"""{"seconds":{{watch.Elapsed.TotalSeconds:F2}},"rows":{{rows.Count}}}""");
    return 0;
}

static async Task<int> StepAsync(string parquet)
{
    var model = new RemoteCoxModel { Terms = { "age", "bmi", "treated", "score", "lab", "region" }, Factors = { "region" }, Ties = TieMethod.Efron };
    var query = DuckDbCohort.CoxSums(parquet, new CohortColumns { Time = "time", Event = "event" });
    await using var connection = await DuckDbCohort.OpenAsync();
    var runner = new ConnectionSqlRunner(connection);
    var watch = Stopwatch.StartNew();
    var summary = await RemoteCoxFit.SummaryAsync(query, SqlDialect.DuckDb, runner, model, null, default);
    var summarySeconds = watch.Elapsed.TotalSeconds;
    var step = new CoxSumsRequest { Model = model };
    foreach (var term in new[] { "age", "bmi", "treated", "score", "lab" }) step.Columns.Add(new RemoteDesignColumn { Term = term, Centre = 1 });
    foreach (var level in new[] { "north", "south", "west" }) step.Columns.Add(new RemoteDesignColumn { Term = "region", Level = level, Centre = 0.25 });
    step.Beta.Add(Enumerable.Repeat(0.01, step.Columns.Count));
    watch.Restart();
    var rows = await runner.RunAsync(query.StepSql(SqlDialect.DuckDb, step), default);
    Console.WriteLine($$"""{"rows":{{summary.Rows}},"summary_seconds":{{summarySeconds:F2}},"step_seconds":{{watch.Elapsed.TotalSeconds:F2}},"groups":{{rows.Count}}}""");
    return 0;
}

static async Task<int> GenerateAsync(long n, string parquet, string? csv)
{
    await using var connection = new DuckDBConnection("Data Source=:memory:");
    await connection.OpenAsync();
    await using var command = connection.CreateCommand();
    // Exponential event times with hazard exp(x'β) around a median of about four years, uniform censoring over ten:
    // age (years), bmi, a 0/1 treatment, a score and a lab value; region a factor of four levels. Streamed to the file.
    command.CommandText = $"""
        SET threads = 2;
        SET memory_limit = '2GB';
        SET preserve_insertion_order = false;
        SELECT setseed(0.22);
        CREATE VIEW cohort AS
        SELECT CAST(least(event_day, censor_day) AS INTEGER) AS time,
               CAST(event_day <= censor_day AS INTEGER) AS event,
               age, bmi, treated, score, lab, region
        FROM (SELECT age, bmi, treated, score, lab, region,
                     ceil(-ln(1 - random()) * 2000 * exp(-(0.02 * (age - 60) + 0.03 * (bmi - 27) - 0.4 * treated + 0.2 * score - 0.1 * lab
                       + CASE region WHEN 'east' THEN 0.1 WHEN 'north' THEN -0.2 WHEN 'south' THEN 0.15 ELSE 0 END))) AS event_day,
                     ceil(random() * 3650) AS censor_day
              FROM (SELECT round(40 + 40 * random(), 1) AS age, round(20 + 15 * random(), 1) AS bmi, CAST(random() < 0.5 AS INTEGER) AS treated,
                           round(random() * 4 - 2, 2) AS score, round(random() * 10, 2) AS lab,
                           CASE CAST(floor(random() * 4) AS INTEGER) WHEN 0 THEN 'east' WHEN 1 THEN 'north' WHEN 2 THEN 'south' ELSE 'west' END AS region
                    FROM range({n}) AS r(i)));
        COPY (SELECT * FROM cohort) TO '{parquet}' (FORMAT parquet);
        """;
    await command.ExecuteNonQueryAsync();
    if (csv is not null)
    {
        command.CommandText = $"COPY (SELECT * FROM read_parquet('{parquet}')) TO '{csv}' (HEADER)";
        await command.ExecuteNonQueryAsync();
    }
    return 0;
}
