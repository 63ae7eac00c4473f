using Grpc.Core;
using Survival.V1;

namespace Survival.Server.Tests.Fuzz;

/// <summary>What the mutation fuzzer found, each kept as a request a test sends on every run.</summary>
[Collection(ServerCollection.Name)]
public class FuzzFindingsTests(ServerFixture server)
{
    [Fact]
    public async Task Forest_plot_of_a_coefficient_whose_interval_is_unbounded_is_drawn_without_that_interval()
    {
        // Arrange: in the seven-patient example the events fall on the two youngest patients, so the likelihood is
        // monotone in age: the estimate is finite at the last iteration but its interval overflows to 0 and ∞.
        var request = (FitCoxModelRequest)FuzzSeeds.Cox()[0];

        // Act
        var response = await server.Client.FitCoxModelAsync(request);

        // Assert
        Assert.Equal("image/svg+xml", response.ForestPlot.ContentType);
        Assert.NotEmpty(response.ForestPlot.Image);
    }

    [Fact]
    public async Task Violations_echoing_huge_names_stay_small_enough_for_any_client_s_header_limit()
    {
        // Arrange: a term name of 100,000 characters given 60 times: each repetition is a violation that quotes it.
        var name = new string('g', 100_000);
        var request = new FitCoxModelRequest { Cohort = new Cohort { Subjects = { new Subject { Time = 1, Event = true } } } };
        request.Terms.Add(Enumerable.Repeat(name, 60));

        // Act
        var exception = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.FitCoxModelAsync(request));

        // Assert: HTTP/2 clients refuse trailers over 64 KiB (SocketsHttpHandler by default) and drop the connection.
        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        var trailerBytes = exception.Trailers.Sum(t => t.Key.Length + (t.IsBinary ? t.ValueBytes.Length * 4 / 3 : t.Value.Length));
        Assert.InRange(trailerBytes, 1, 16 * 1024);
        var badRequest = exception.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>();
        Assert.Contains(badRequest.FieldViolations, v => v.Field.StartsWith("terms", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1e9, 12.0, "plot.x_tick_step")]
    [InlineData(double.MaxValue, null, "plot.x_min")]
    public async Task Time_axis_without_a_tick_is_invalid_argument(double xMin, double? xTickStep, string field)
    {
        // Arrange: an axis starting past the last time (51 months) ends one unit later; a step of 12 puts no tick
        // there, and at 1.8e308 one unit is below the resolution of a double.
        var request = (RenderSurvivalPlotRequest)FuzzSeeds.Plot()[0];
        request.Plot.XMin = xMin;
        if (xTickStep is { } step) request.Plot.XTickStep = step;
        else request.Plot.ClearXTickStep();

        // Act, Assert
        await BadRequestAssert.FieldViolationAsync(async () => await server.Client.RenderSurvivalPlotAsync(request), field);
    }

    [Fact]
    public async Task Factor_codes_outside_the_labels_are_invalid_argument_even_after_another_term_s_violation()
    {
        // Arrange: the first term names no column, and the factor's codes index a label that is not there.
        var request = (FitCoxModelRequest)FuzzSeeds.Cox()[1];
        request.Cohort.Columns.Covariates[0].Name = "weight";
        request.Cohort.Columns.Factors[0].Labels.RemoveAt(1);

        // Act
        var badRequest = await BadRequestAssert.FieldViolationAsync(
            async () => await server.Client.FitCoxModelAsync(request), "cohort.columns.factors[0].codes[2]");

        // Assert
        Assert.Contains(badRequest.FieldViolations, v => v.Field == "terms[0]");
    }
}
