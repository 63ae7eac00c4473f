namespace Survival.Plotting.Tests;

public class CensorMarkerTests
{
    /// <summary>
    /// ScottPlot's own plus and tick markers left their native path to the finalizer while Skia drew it; under garbage
    /// collection the process died in <c>SkPath::countPoints</c> (CI's server tests, 2026-12-07). Drawing many SVG and
    /// PNG figures with censor marks while another thread collects and finalizes without pause reproduced it within a
    /// second or two; a regression here takes down the test host rather than failing one assertion.
    /// </summary>
    [Fact]
    public async Task Censor_marks_are_drawn_safely_while_the_garbage_collector_runs()
    {
        // Arrange: mgus2's dashed and dotted causes with plus marks, and lung with ticks, in both formats.
        var causes = Samples.Mgus2BySex();
        var lung = Samples.Groups("lung_sex");
        var svgPlus = new PlotOptions { Format = PlotImageFormat.Svg, CensorMarkShape = CensorMarkShape.Plus };
        var pngTick = new PlotOptions { CensorMarkShape = CensorMarkShape.Tick };
        var expectedSvg = SurvivalPlotRenderer.Render(causes, svgPlus).Bytes.ToArray();
        var expectedPng = SurvivalPlotRenderer.Render(lung, pngTick).Bytes.ToArray();
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });

        // Act
        var images = Enumerable.Range(0, 120).AsParallel().WithDegreeOfParallelism(2)
            .Select(i => i % 2 == 0
                ? (Svg: true, Bytes: SurvivalPlotRenderer.Render(causes, svgPlus).Bytes.ToArray())
                : (Svg: false, Bytes: SurvivalPlotRenderer.Render(lung, pngTick).Bytes.ToArray()))
            .ToArray();
        stop.Cancel();
        await collector;

        // Assert
        Assert.All(images, image => Assert.Equal(image.Svg ? expectedSvg : expectedPng, image.Bytes));
    }
}
