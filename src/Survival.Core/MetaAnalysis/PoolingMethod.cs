namespace Survival.Core.MetaAnalysis;

/// <summary>How studies are pooled, as metafor's <c>rma(method = ...)</c>.</summary>
public enum PoolingMethod
{
    /// <summary>Fixed effect, inverse variance (metafor "FE"): every study estimates one effect.</summary>
    FixedEffect,

    /// <summary>Random effects with DerSimonian &amp; Laird's (1986) moment estimate of τ² (metafor "DL").</summary>
    DerSimonianLaird,

    /// <summary>Random effects with the restricted maximum-likelihood estimate of τ² (metafor "REML", its default).</summary>
    RestrictedMaximumLikelihood,
}
