namespace Survival.Core.External;

/// <summary>The variance of O − E under the null hypothesis in the one-sample log-rank test.</summary>
public enum OneSampleVariance
{
    /// <summary>V = E, the expected events (Finkelstein, Muzikansky &amp; Schoenfeld 2003).</summary>
    Expected,

    /// <summary>
    /// V = (O + E)/2, the mean of the observed and expected events (Wu 2014, J Biom Biostat 5:210; the design of Wu 2015,
    /// Pharm Stat 14:26): less conservative than V = E in small samples.
    /// </summary>
    MeanOfObservedAndExpected,
}
