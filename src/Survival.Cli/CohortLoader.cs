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
    private readonly EventCoding coding = new(parse.GetValue(options.Data.Event), parse.GetValue(options.Data.EventValue));

    /// <summary>The file line of each subject or count row of the cohort, to point back at a row the service rejects.</summary>
    public List<int> Lines { get; } = [];

    /// <summary>What the messages name as the place of the data.</summary>
    public string SourceName =>
        parse.GetValue(options.File)?.Name ?? parse.GetValue(options.Counts)?.Name ?? parse.GetValue(options.Data.Table) ?? "the query";

    /// <summary>The request last sent, to read back the values of a field the service rejects.</summary>
    public AnalyzeCohortRequest? Request { get; private set; }

    /// <summary>How the event column was read, when it was R's 1/2 coding; null otherwise.</summary>
    public string? EventNote => coding.Note;

    /// <summary>Reads the cohort and analyzes it.</summary>
    public async Task<(AnalyzeCohortRequest Request, AnalyzeCohortResponse Response)> AnalyzeAsync(IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var unit = options.Data.TimeUnit(parse);
        if (parse.GetValue(options.Counts) is { } counts) return await AnalyzeAsync(CountTableFile.Read(counts.FullName, unit, Lines), cancellationToken);
        var query = options.Data.CountQuery(parse);
        if (parse.GetValue(options.Connection) is { } connection)
        {
            var cohort = await coding.ReadAsync(
                eventValue => PostgresCohort.ReadAsync(connection, query with { EventValue = eventValue }, unit, cancellationToken),
                () => PostgresCohort.EventValuesAsync(connection, query, cancellationToken: cancellationToken));
            return await AnalyzeAsync(cohort, cancellationToken);
        }

        var file = parse.GetValue(options.File)!.FullName;
        var columns = options.Data.Columns(parse, parse.GetValue(options.Id));
        var read = await coding.ReadAsync(
            eventValue => ReadFileAsync(file, query with { EventValue = eventValue }, columns with { EventValue = eventValue }, unit, progress, cancellationToken),
            () => DuckDbCohort.EventValuesAsync(file, query, cancellationToken: cancellationToken));
        return await AnalyzeAsync(read, cancellationToken);
    }

    private async Task<Cohort> ReadFileAsync(
        string file, CountQuery query, CohortColumns columns, string unit, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        Lines.Clear();
        // Count rows carry no case weights: a weighted file is read subject by subject.
        if (columns.Weight is not null)
        {
            if (DuckDbCohort.IsParquet(file)) throw new CohortFileException("--weight reads CSV or TSV files; a Parquet file is read as count rows, which carry no weights", 1);
            return CohortFile.Read(file, columns, unit, progress, Lines);
        }
        if (DuckDbCohort.IsParquet(file)) return await DuckDbCohort.ReadAsync(file, query, unit, cancellationToken);
        try
        {
            return await DuckDbCohort.ReadAsync(file, query, unit, cancellationToken);
        }
        catch (Exception exception) when (exception is DuckDBException or CohortSourceException)
        {
            // DuckDB counts without line numbers; the subject-by-subject reader and the service's checks of each
            // subject name the line at fault, and give the same numbers should DuckDB have refused a readable file.
            return CohortFile.Read(file, columns, unit, progress, Lines);
        }
    }

    private async Task<(AnalyzeCohortRequest, AnalyzeCohortResponse)> AnalyzeAsync(Cohort cohort, CancellationToken cancellationToken)
    {
        var request = Request = options.Request(parse, cohort);
        return (request, await CohortAnalyzer.AnalyzeAsync(
            request, parse.GetValue(options.Server), parse.GetValue(options.ApiKey), parse.GetValue(options.CaFile), cancellationToken));
    }
}
