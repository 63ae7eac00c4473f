namespace Survival.Core.Parametric;

/// <summary>
/// A log-location-scale likelihood read from the sums a data side computes at each point (<see cref="ParametricStepSums"/>),
/// so that <see cref="ParametricNewtonRaphson"/> takes the same steps as on the rows, never holding one.
/// </summary>
/// <remarks>
/// One block of sums per stratum, each stratum with its own log σ when the scale is free; each evaluation asks
/// <c>sumsAt(parameters, columns)</c> once, awaited (<see cref="ParametricNewtonRaphson.RunAsync"/>). Sums of the wrong
/// shape, or whose rows or Σ w log t over the events differ from the summary's, stop the fit: sums that disagree with
/// themselves never become a model.
/// </remarks>
internal sealed class ParametricSumsLikelihood(
    bool freeScale, int strata, long rows, double exactLogTimes, Func<double[], int, ValueTask<ParametricStepSums>> sumsAt)
{
    public double LogScaleOffset => exactLogTimes;

    public int ParameterCount(int columns) => columns + (freeScale ? strata : 0);

    /// <summary>The run of <see cref="ParametricNewtonRaphson"/> on these sums from <paramref name="start"/>.</summary>
    public ValueTask<NewtonRaphsonRun> RunAsync(int columns, double[] start, int maxIterations, double tolerance, IReadOnlyList<int> logScales) =>
        ParametricNewtonRaphson.RunAsync(LogScaleOffset, ParameterCount(columns), ask => EvaluateAsync(ask.Parameters, columns, ask.Derivatives, ask.Outer),
            start, maxIterations, tolerance, logScales);

    /// <summary>Asks for the sums at the point and reads them.</summary>
    /// <exception cref="InputRuleException">The sums have the wrong shape or their rows changed.</exception>
    public async ValueTask<LikelihoodPoint> EvaluateAsync(double[] parameters, int columns, bool derivatives, bool outer = false)
    {
        var sums = await sumsAt([.. parameters], columns).ConfigureAwait(false);
        if (sums.Columns != columns || sums.FreeScale != freeScale || sums.Strata != strata)
            throw new InputRuleException("sums", $"must be for {columns} design columns{(freeScale ? " and the scale" : "")} in {strata} strata; they are for {sums.Columns}{(sums.FreeScale ? " and the scale" : "")} in {sums.Strata}");
        var width = ParametricStepSums.Width(columns, freeScale) * strata;
        if (sums.Values.Length != width)
            throw new InputRuleException("sums", $"must hold {width} values for {columns} design columns{(strata > 1 ? $" in {strata} strata" : "")}; they hold {sums.Values.Length}");
        if (sums.Rows != rows || Math.Abs(sums.ExactLogTimes - exactLogTimes) > 1e-9 * Math.Max(1, Math.Abs(exactLogTimes)))
            throw new InputRuleException("sums", $"changed between steps: {sums.Rows} rows where the summary had {rows}, or another Σ w log t over the events");
        return sums.ToPoint(derivatives, outer);
    }
}
