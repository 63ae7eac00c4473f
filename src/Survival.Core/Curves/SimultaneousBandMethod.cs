namespace Survival.Core.Curves;

/// <summary>The kind of simultaneous confidence band for S(t) over a range of times (SAS PROC LIFETEST's <c>CONFBAND=</c>).</summary>
public enum SimultaneousBandMethod
{
    /// <summary>Hall &amp; Wellner (1980): width proportional to (1 + nσ²(t))/√n; SAS <c>CONFBAND=HW</c>.</summary>
    HallWellner,

    /// <summary>Nair's (1984) equal-precision band: width proportional to σ(t), a widened pointwise interval; SAS <c>CONFBAND=EP</c>.</summary>
    EqualPrecision,
}

/// <summary>The scale on which a simultaneous band is symmetric (Klein &amp; Moeschberger 2003, §4.4).</summary>
public enum BandTransform
{
    /// <summary>On S(t) itself (km.ci's <c>hall-wellner</c>, <c>epband</c>), clipped to [0, 1].</summary>
    Linear,

    /// <summary>On log(−log S(t)) (km.ci's <c>loghall</c>, <c>logep</c>; SAS's default).</summary>
    LogLog,

    /// <summary>On arcsin(√S(t)).</summary>
    ArcsineSquareRoot,
}
