namespace Survival.Plotting;

/// <summary>The confidence band over one curve row's interval: from its time to the next row's time.</summary>
internal readonly record struct BandStep(double Start, double End, double Lower, double Upper);
