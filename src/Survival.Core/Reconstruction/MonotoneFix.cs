namespace Survival.Core.Reconstruction;

/// <summary>How digitised points that rise with time (reading noise) are made non-increasing before the rebuild.</summary>
public enum MonotoneFix
{
    /// <summary>
    /// The least-squares non-increasing fit (isotonic regression by pool-adjacent-violators; Barlow et al. 1972): a run of
    /// points that rise is replaced by its mean. Noise on a flat stretch averages out instead of ratcheting the curve
    /// down, which is how a running minimum fabricates deaths on flat tails.
    /// </summary>
    IsotonicRegression,

    /// <summary>
    /// Each point is lowered to the smallest survival read before it (a running minimum), the correction Guyot et al.
    /// (2012) describe for a digitised curve that rises.
    /// </summary>
    RunningMinimum,
}
