using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// The same data gives the same response, to the last bit, whether it comes as subjects, packed columns, count rows or a
/// stream of chunks: every statistic reads only the counting table. With the subject form checked against R by the
/// reference tests, this carries R's numbers to the other forms.
/// </summary>
[Collection(ServerCollection.Name)]
public class CohortFormsTests(ServerFixture server)
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var set in ReferenceSet.All) data.Add(set.FileName);
        return data;
    }

    /// <summary>Everything the API computes: landmarks, RMST, follow-up, every test, pairwise, trend, Cox, and an SVG plot.</summary>
    private static AnalyzeCohortRequest Everything(ReferenceSet set)
    {
        var request = new AnalyzeCohortRequest
        {
            Options = new EstimateOptions { ConfLevel = set.ConfLevel, LandmarkTimes = { 1, set.Times.Max() / 2 }, RmstTau = set.Times.Max(), MedianFollowUp = true },
        };
        var groups = set.Groups?.Distinct().Count() ?? 1;
        // The default palette tells eight groups apart; more is a plot the API rejects in every form.
        if (groups <= 8) request.Plot = new PlotOptions { Format = ImageFormat.Svg, RiskTable = RiskTable.Kmunicate, ShowPValue = groups > 1 };
        if (groups > 1)
        {
            request.Comparison = new ComparisonOptions
            {
                Weights = { Enum.GetValues<TestWeight>().Where(w => w != TestWeight.Unspecified) },
                FhP = 1,
                FhQ = 0.5,
                Trend = true,
                Pairwise = true,
                Stratified = set.Strata is not null,
            };
        }
        return request;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Columns_counts_and_stream_give_the_subject_forms_response(string file)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var bySubjects = Everything(set);
        bySubjects.Cohort = Cohorts.From(set);
        var byColumns = Everything(set);
        byColumns.Cohort = new Cohort { TimeUnit = "days", Columns = Cohorts.Columns(set) };
        var byCounts = Everything(set);
        byCounts.Cohort = new Cohort { TimeUnit = "days", Counts = { Cohorts.Counts(set) } };

        // Act
        var expected = await server.Client.AnalyzeCohortAsync(bySubjects);
        var fromColumns = await server.Client.AnalyzeCohortAsync(byColumns);
        var fromCounts = await server.Client.AnalyzeCohortAsync(byCounts);
        var fromStream = await StreamAsync(set, chunk: 7);

        // Assert
        Assert.Equal(expected, fromColumns);
        Assert.Equal(expected, fromCounts);
        Assert.Equal(expected, fromStream);
    }

    /// <summary>
    /// The options in the first message only, then columns in chunks (each with its own labels) and, for the last
    /// chunk, count rows; one later message repeats the options, as a client may.
    /// </summary>
    private async Task<AnalyzeCohortResponse> StreamAsync(ReferenceSet set, int chunk)
    {
        using var call = server.Client.AnalyzeCohortStream();
        await call.RequestStream.WriteAsync(Everything(set));
        var lastChunk = (set.Times.Length - 1) / chunk * chunk;
        for (var start = 0; start < lastChunk; start += chunk)
        {
            var message = new AnalyzeCohortRequest { Cohort = new Cohort { Columns = Cohorts.Columns(set, start, chunk) } };
            if (start == chunk) message.Options = Everything(set).Options;
            await call.RequestStream.WriteAsync(message);
        }
        await call.RequestStream.WriteAsync(new AnalyzeCohortRequest { Cohort = new Cohort { TimeUnit = "days", Counts = { Cohorts.Counts(set, lastChunk) } } });
        await call.RequestStream.CompleteAsync();
        return await call;
    }
}
