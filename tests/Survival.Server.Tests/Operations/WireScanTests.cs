using Google.Protobuf;
using Survival.Server.Operations;
using Survival.Server.Tests.Fuzz;
using Survival.V1;

namespace Survival.Server.Tests.Operations;

/// <summary>The cost drivers read from a request's bytes before parsing equal those of the parsed message.</summary>
public class WireScanTests
{
    public static TheoryData<string, int> Seeds()
    {
        var data = new TheoryData<string, int>();
        foreach (var (rpc, messages) in Requests())
            for (var i = 0; i < messages.Count; i++) data.Add(rpc, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Scan_of_the_bytes_gives_the_drivers_of_the_parsed_request(string rpc, int seed)
    {
        // Arrange
        var request = Requests()[rpc][seed];
        var bytes = request.ToByteArray();

        // Act
        var scanned = WireScan.Of(rpc, new System.Buffers.ReadOnlySequence<byte>(bytes));

        // Assert
        Assert.Equal(CostDrivers.Of(request), scanned);
    }

    [Fact]
    public void Scan_merges_repeated_occurrences_of_a_field_as_the_parser_does()
    {
        // Arrange: a message sent twice in a row is one message, its lists joined and its later scalars winning.
        var first = new RenderSurvivalPlotRequest { Cohort = Cohorts.Of((9, true), (13, false)), Plot = new PlotOptions { Width = 900 } };
        var second = new RenderSurvivalPlotRequest
        {
            Cohort = Cohorts.Of((4, true)), Options = new EstimateOptions { LandmarkTimes = { 1, 2, 3 } }, Plot = new PlotOptions { Height = 700 },
        };
        second.Cohort.Subjects[0].Group = "other";
        var bytes = first.ToByteArray().Concat(second.ToByteArray()).ToArray();
        var parsed = RenderSurvivalPlotRequest.Parser.ParseFrom(bytes);

        // Act
        var scanned = WireScan.Of("RenderSurvivalPlot", new System.Buffers.ReadOnlySequence<byte>(bytes));

        // Assert
        Assert.Equal(CostDrivers.Of(parsed) with { MessageBytes = bytes.Length }, scanned);
        Assert.Equal(new PlotSize(900, 700), scanned!.Value.Plot);
        Assert.Equal(2, scanned.Value.Shape.Groups);
    }

    [Fact]
    public void Scan_of_bytes_cut_short_counts_what_came_before_the_cut()
    {
        // Arrange
        var request = new EstimateSurvivalRequest { Cohort = Cohorts.Of((9, true), (13, false), (14, true), (20, false)) };
        var bytes = request.ToByteArray();

        // Act
        var scanned = WireScan.Of("EstimateSurvival", new System.Buffers.ReadOnlySequence<byte>(bytes, 0, bytes.Length - 3));

        // Assert: the subjects before the cut, never more than the whole message has.
        Assert.InRange(scanned!.Value.RowMessages, 0, 4);
    }

    private static Dictionary<string, IReadOnlyList<IMessage>> Requests()
    {
        var groups = new CompareGroupsRequest { Cohort = new Cohort(), Pairwise = true };
        for (var i = 0; i < 300; i++) groups.Cohort.Subjects.Add(new Subject { Time = i + 1, Event = i % 2 == 0, Group = $"g{i % 100}" });
        var factors = new FitCoxModelRequest { Cohort = new Cohort { Columns = new SubjectColumns { Time = { 1, 2, 3 }, Event = { true, false, true } } }, Terms = { "arm", "arm", "x" } };
        factors.Cohort.Columns.Factors.Add(new FactorColumn { Name = "arm", Codes = { 0, 1, 2 }, Labels = { "a", "b", "c" } });
        factors.Cohort.Columns.Factors.Add(new FactorColumn { Name = "arm", Codes = { 0, 0, 0 }, Labels = { "a" } });
        return new()
        {
            ["EstimateSurvival"] = FuzzSeeds.Estimate(),
            ["CompareGroups"] = [.. FuzzSeeds.Compare(), groups],
            ["RenderSurvivalPlot"] = FuzzSeeds.Plot(),
            ["AnalyzeCohort"] = FuzzSeeds.Analyze(),
            ["FitCoxModel"] = [.. FuzzSeeds.Cox(), factors],
        };
    }
}
