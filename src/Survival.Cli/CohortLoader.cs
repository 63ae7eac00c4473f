using System.CommandLine;
using DuckDB.NET.Data;
using Survival.Client;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// Reads the cohort of <c>survival analyze</c> as count rows, wherever it is: a file counted by embedded DuckDB, a
/// PostgreSQL table or query counted by the database, or a count table; only the count rows enter the engine.
/// </summary>
internal sealed class CohortLoader(ParseResult parse, AnalyzeOptions options)
{
    /// <summary>The file line of each subject or count row of the cohort, to point back at a row the service rejects.</summary>
    public List<int> Lines { get; } = [];

    /// <summary>What the messages name as the place of the data.</summary>
    public string SourceName =>
        parse.GetValue(options.File)?.Name ?? parse.GetValue(options.Counts)?.Name ?? parse.GetValue(options.Data.Table) ?? "the query";

    /// <summary>Reads the cohort and analyzes it.</summary>
    public async Task<(AnalyzeCohortRequest Request, AnalyzeCohortResponse Response)> AnalyzeAsync(IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var unit = options.Data.TimeUnit(parse);
        if (parse.GetValue(options.Counts) is { } counts) return await AnalyzeAsync(CountTableFile.Read(counts.FullName, unit, Lines), cancellationToken);
        if (parse.GetValue(options.Connection) is { } connection)
            return await AnalyzeAsync(await PostgresCohort.ReadAsync(connection, options.Data.CountQuery(parse), unit, cancellationToken), cancellationToken);

        var file = parse.GetValue(options.File)!.FullName;
        // Count rows carry no case weights: a weighted file is read subject by subject.
        if (parse.GetValue(options.Data.Weight) is not null)
        {
            if (DuckDbCohort.IsParquet(file)) throw new CohortFileException("--weight reads CSV or TSV files; a Parquet file is read as count rows, which carry no weights", 1);
            return await AnalyzeAsync(CohortFile.Read(file, options.Data.Columns(parse, parse.GetValue(options.Id)), unit, progress, Lines), cancellationToken);
        }
        if (DuckDbCohort.IsParquet(file))
            return await AnalyzeAsync(await DuckDbCohort.ReadAsync(file, options.Data.CountQuery(parse), unit, cancellationToken), cancellationToken);
        try
        {
            return await AnalyzeAsync(await DuckDbCohort.ReadAsync(file, options.Data.CountQuery(parse), unit, cancellationToken), cancellationToken);
        }
        catch (Exception exception) when (exception is DuckDBException or CohortSourceException)
        {
            // DuckDB counts without line numbers; the subject-by-subject reader and the service's checks of each
            // subject name the line at fault, and give the same numbers should DuckDB have refused a readable file.
            var subjects = CohortFile.Read(file, options.Data.Columns(parse, parse.GetValue(options.Id)), unit, progress, Lines);
            return await AnalyzeAsync(subjects, cancellationToken);
        }
    }

    private async Task<(AnalyzeCohortRequest, AnalyzeCohortResponse)> AnalyzeAsync(Cohort cohort, CancellationToken cancellationToken)
    {
        var request = options.Request(parse, cohort);
        return (request, await CohortAnalyzer.AnalyzeAsync(
            request, parse.GetValue(options.Server), parse.GetValue(options.ApiKey), parse.GetValue(options.CaFile), cancellationToken));
    }
}
