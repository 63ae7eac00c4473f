namespace Survival.Plotting;

/// <summary>The mark drawn on a curve at each censoring time.</summary>
public enum CensorMarkShape
{
    /// <summary>A plus sign, as R's <c>plot.survfit</c> and survminer.</summary>
    Plus,

    /// <summary>A short vertical tick.</summary>
    Tick,
}
