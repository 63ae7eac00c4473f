namespace Survival.Core.Cox;

/// <summary>
/// The Cox log partial likelihood at one β with its gradient (score) and negative Hessian (information), summed
/// over event times.
/// </summary>
internal sealed class PartialLikelihood(int covariates)
{
    public int Covariates { get; } = covariates;

    public double LogLikelihood { get; set; }

    public double[] Score { get; } = new double[covariates];

    /// <summary>Row-major covariates × covariates.</summary>
    public double[] Information { get; } = new double[covariates * covariates];

    public void Clear()
    {
        LogLikelihood = 0;
        Array.Clear(Score);
        Array.Clear(Information);
    }

    public bool IsFinite() =>
        double.IsFinite(LogLikelihood) && Array.TrueForAll(Score, double.IsFinite) && Array.TrueForAll(Information, double.IsFinite);

    /// <summary>Adds the sums of another part of the same evaluation.</summary>
    public void Add(PartialLikelihood other)
    {
        LogLikelihood += other.LogLikelihood;
        for (var c = 0; c < Score.Length; c++) Score[c] += other.Score[c];
        for (var c = 0; c < Information.Length; c++) Information[c] += other.Information[c];
    }
}
