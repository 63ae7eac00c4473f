using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// Causes are a column of the counting table: the same competing-risks data gives the same response, to the last bit,
/// as subjects, packed columns, count rows or a stream of chunks (see <see cref="CohortFormsTests"/>).
/// </summary>
[Collection(ServerCollection.Name)]
public class CompetingRisksFormsTests(ServerFixture server)
{
    public static TheoryData<string> Sets() => [.. CompetingRisksReference.All.Select(s => s.Name)];

    /// <summary>Estimates with landmarks, every comparison (stratified where the set has strata), and the cumulative-incidence plot.</summary>
    private static AnalyzeCohortRequest Everything(CompetingRisksReference set)
    {
        var request = new AnalyzeCohortRequest
        {
            Options = new EstimateOptions { ConfLevel = set.ConfLevel, LandmarkTimes = { set.Times.Max() / 2 }, RmstTau = set.Times.Max() },
            Comparison = new ComparisonOptions { Stratified = set.Strata is not null, Pairwise = true },
        };
        // One line per group and cause: the default palette tells eight apart.
        var lines = (set.Groups?.Distinct().Count() ?? 1) * set.Status.Where(s => s > 0).Distinct().Count();
        if (lines <= 8) request.Plot = new PlotOptions { Format = ImageFormat.Svg, CurveKind = CurveKind.CumulativeIncidence, ShowPValue = set.Groups is not null };
        return request;
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task Columns_counts_and_stream_give_the_subject_forms_response(string file)
    {
        // Arrange
        var set = CompetingRisksReference.Named(file);
        var bySubjects = Everything(set);
        bySubjects.Cohort = CompetingCohorts.Subjects(set);
        var byColumns = Everything(set);
        byColumns.Cohort = new Cohort { Columns = CompetingCohorts.Columns(set, 0, set.Times.Length) };
        var byCounts = Everything(set);
        byCounts.Cohort = new Cohort { Counts = { CompetingCohorts.Counts(set) } };

        // Act
        var expected = await server.Client.AnalyzeCohortAsync(bySubjects);
        var fromColumns = await server.Client.AnalyzeCohortAsync(byColumns);
        var fromCounts = await server.Client.AnalyzeCohortAsync(byCounts);
        var fromStream = await StreamAsync(set, chunk: 11);

        // Assert
        Assert.NotEmpty(expected.Estimates.Groups[0].CumulativeIncidence);
        Assert.Equal(expected, fromColumns);
        Assert.Equal(expected, fromCounts);
        Assert.Equal(expected, fromStream);
    }

    /// <summary>The options first, then column chunks and, for the last chunk, count rows.</summary>
    private async Task<AnalyzeCohortResponse> StreamAsync(CompetingRisksReference set, int chunk)
    {
        using var call = server.Client.AnalyzeCohortStream();
        await call.RequestStream.WriteAsync(Everything(set));
        var lastChunk = (set.Times.Length - 1) / chunk * chunk;
        for (var start = 0; start < lastChunk; start += chunk)
            await call.RequestStream.WriteAsync(new AnalyzeCohortRequest { Cohort = new Cohort { Columns = CompetingCohorts.Columns(set, start, chunk) } });
        await call.RequestStream.WriteAsync(new AnalyzeCohortRequest { Cohort = new Cohort { Counts = { CompetingCohorts.Counts(set, lastChunk) } } });
        await call.RequestStream.CompleteAsync();
        return await call;
    }
}
