namespace Survival.Plotting;

/// <summary>How probabilities are labelled on the y axis.</summary>
public enum ProbabilityScale
{
    /// <summary>0.00 to 1.00.</summary>
    Proportion,

    /// <summary>0% to 100%.</summary>
    Percent,
}
