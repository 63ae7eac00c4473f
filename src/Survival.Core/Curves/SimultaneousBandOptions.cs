namespace Survival.Core.Curves;

/// <summary>Which simultaneous band to draw over which times.</summary>
public sealed record SimultaneousBandOptions
{
    /// <summary>Hall–Wellner or equal precision.</summary>
    public SimultaneousBandMethod Method { get; init; } = SimultaneousBandMethod.HallWellner;

    /// <summary>The scale of symmetry; log-log by default, as SAS.</summary>
    public BandTransform Transform { get; init; } = BandTransform.LogLog;

    /// <summary>Start of the range; null for the first death time (km.ci's and SAS's default).</summary>
    public double? From { get; init; }

    /// <summary>End of the range; null for the last death time with survivors after it.</summary>
    public double? To { get; init; }
}
