using Survival.V1;
using CorePairwise = Survival.Core.GroupTests.PairwiseComparison;
using CoreTestWeight = Survival.Core.GroupTests.TestWeight;
using CoreTieMethod = Survival.Core.Cox.TieMethod;
using ProtoTestWeight = Survival.V1.TestWeight;
using ProtoTieMethod = Survival.V1.TieMethod;
using Survival.Core.CompetingRisks;
using Survival.Core.Cox;
using Survival.Core.GroupTests;
using Survival.Core.Inference;

namespace Survival.Service.Mapping;

/// <summary>This part: group comparisons.</summary>
internal static partial class ProtoMapper
{
    /// <summary>The comparison options of a CompareGroupsRequest, which carries them as top-level fields of the same names.</summary>
    public static ComparisonOptions ToComparisonOptions(CompareGroupsRequest request)
    {
        var options = new ComparisonOptions
        {
            Weights = { request.Weights },
            FhP = request.FhP,
            FhQ = request.FhQ,
            Stratified = request.Stratified,
            Trend = request.Trend,
            TrendScores = { request.TrendScores },
            Pairwise = request.Pairwise,
            PAdjust = request.PAdjust,
            ControlGroup = request.ControlGroup,
            Ties = request.Ties,
            ReferenceGroup = request.ReferenceGroup,
            LandmarkTimes = { request.LandmarkTimes },
            Distribution = request.Distribution,
        };
        if (request.HasRmstTau) options.RmstTau = request.RmstTau;
        if (request.Interval is { } interval) options.Interval = interval;
        return options;
    }

    public static GroupComparisonOptions ToCore(ComparisonOptions? options, double confLevel)
    {
        options ??= new ComparisonOptions();
        return new GroupComparisonOptions
        {
            Weights = [.. options.Weights.Select(ToCore)],
            FlemingHarringtonP = options.FhP,
            FlemingHarringtonQ = options.FhQ,
            Stratified = options.Stratified,
            Trend = options.Trend,
            TrendScores = [.. options.TrendScores],
            Pairwise = options.Pairwise,
            PValueAdjustment = options.PAdjust switch
            {
                PAdjustMethod.Bonferroni => PValueAdjustment.Bonferroni,
                PAdjustMethod.BenjaminiHochberg => PValueAdjustment.BenjaminiHochberg,
                PAdjustMethod.None => PValueAdjustment.None,
                _ => PValueAdjustment.Holm,
            },
            ControlGroup = options.ControlGroup.Length == 0 ? null : options.ControlGroup,
            Ties = ToCore(options.Ties),
            ReferenceGroup = options.ReferenceGroup.Length == 0 ? null : options.ReferenceGroup,
            RmstTau = options.HasRmstTau ? options.RmstTau : null,
            LandmarkTimes = [.. options.LandmarkTimes],
            Level = Level(confLevel),
            Distribution = options.Distribution?.Distribution switch
            {
                V1.TestDistribution.Exact => Core.GroupTests.TestDistribution.Exact,
                V1.TestDistribution.MonteCarlo => Core.GroupTests.TestDistribution.MonteCarlo,
                _ => Core.GroupTests.TestDistribution.Asymptotic,
            },
            Resamples = options.Distribution is { Resamples: > 0 } d ? d.Resamples : 10_000,
            Seed = options.Distribution is { HasSeed: true } s ? s.Seed : 20,
        };
    }

    /// <summary>A request's ties method; unspecified means Efron, as R's coxph.</summary>
    public static CoreTieMethod ToCore(ProtoTieMethod ties) => ties switch
    {
        ProtoTieMethod.Breslow => CoreTieMethod.Breslow,
        ProtoTieMethod.Exact => CoreTieMethod.Exact,
        _ => CoreTieMethod.Efron,
    };

    public static CoreTestWeight ToCore(ProtoTestWeight weight) => weight switch
    {
        ProtoTestWeight.Unspecified or ProtoTestWeight.Logrank => CoreTestWeight.LogRank,
        ProtoTestWeight.GehanBreslow => CoreTestWeight.GehanBreslow,
        ProtoTestWeight.TaroneWare => CoreTestWeight.TaroneWare,
        ProtoTestWeight.PetoPeto => CoreTestWeight.PetoPeto,
        ProtoTestWeight.ModifiedPetoPeto => CoreTestWeight.ModifiedPetoPeto,
        ProtoTestWeight.FlemingHarrington => CoreTestWeight.FlemingHarrington,
        _ => throw new ArgumentOutOfRangeException(nameof(weight), weight, "unknown test weight"),
    };

    private static ProtoTestWeight ToProto(CoreTestWeight weight) => weight switch
    {
        CoreTestWeight.LogRank => ProtoTestWeight.Logrank,
        CoreTestWeight.GehanBreslow => ProtoTestWeight.GehanBreslow,
        CoreTestWeight.TaroneWare => ProtoTestWeight.TaroneWare,
        CoreTestWeight.PetoPeto => ProtoTestWeight.PetoPeto,
        CoreTestWeight.ModifiedPetoPeto => ProtoTestWeight.ModifiedPetoPeto,
        _ => ProtoTestWeight.FlemingHarrington,
    };

    public static CompareGroupsResponse ToProto(GroupComparisonResult result)
    {
        var response = new CompareGroupsResponse { Groups = { result.Groups }, Cox = ToProto(result.Cox) };
        foreach (var test in result.Tests) response.Tests.Add(ToProto(test, result.Groups));
        foreach (var pair in result.Pairwise) response.Pairwise.Add(ToProto(pair));
        foreach (var contrast in result.Contrasts) response.Contrasts.Add(ToProto(contrast));
        foreach (var gray in result.GrayTests) response.GrayTests.Add(ToProto(gray));
        if (result.HazardRatios is { } ratios)
        {
            response.DescriptiveHazardRatios.Add(ToProto(HazardRatioMethod.Logrank, ratios.LogRank, ratios));
            response.DescriptiveHazardRatios.Add(ToProto(HazardRatioMethod.MantelHaenszel, ratios.MantelHaenszel, ratios));
        }
        return response;
    }

    private static GroupTest ToProto(WeightedLogRankResult test, IReadOnlyList<string> groups)
    {
        var message = new GroupTest
        {
            Weight = ToProto(test.Weight),
            FhP = test.FlemingHarringtonP ?? 0,
            FhQ = test.FlemingHarringtonQ ?? 0,
            Stratified = test.Stratified,
            DegreesOfFreedom = test.Test.DegreesOfFreedom,
            Variance = { test.Variance },
            NotEstimableReason = test.Test.NotEstimableReason ?? "",
        };
        if (test.Test.ChiSquare is { } chiSquare) message.ChiSquare = chiSquare;
        if (test.Permutation is { } permutation) message.PValue = permutation.PValue;
        else if (test.Test.PValue is { } p) message.PValue = p;
        message.PValueSource = ToProto(test);
        for (var g = 0; g < groups.Count; g++)
            message.Groups.Add(new GroupCount { Group = groups[g], Observed = test.Observed[g], Expected = test.Expected[g] });
        if (test.Trend?.Test is { ChiSquare: { } trendChiSquare, PValue: { } trendP })
        {
            message.TrendChiSquare = trendChiSquare;
            message.TrendPValue = trendP;
        }
        return message;
    }

    /// <summary>A permutation p-value replaces the chi-square one in p_value, which is kept beside it.</summary>
    private static PValueSource ToProto(WeightedLogRankResult test)
    {
        if (test.Permutation is not { } permutation) return new PValueSource { Distribution = V1.TestDistribution.Asymptotic };
        var source = new PValueSource
        {
            Distribution = permutation.Distribution == Core.GroupTests.TestDistribution.Exact ? V1.TestDistribution.Exact : V1.TestDistribution.MonteCarlo,
            Statistic = permutation.Statistic,
            Resamples = permutation.Resamples ?? 0,
        };
        if (permutation.Seed is { } seed) source.Seed = seed;
        if (permutation.MonteCarloStdError is { } error) source.MonteCarloStdError = error;
        if (test.Test.PValue is { } asymptotic) source.AsymptoticPValue = asymptotic;
        return source;
    }

    private static V1.PairwiseComparison ToProto(CorePairwise pair)
    {
        var message = new V1.PairwiseComparison
        {
            GroupA = pair.First,
            GroupB = pair.Second,
            Weight = ToProto(pair.Weight),
            FhP = pair.FlemingHarringtonP ?? 0,
            FhQ = pair.FlemingHarringtonQ ?? 0,
            NotEstimableReason = pair.Test.NotEstimableReason ?? "",
        };
        if (pair.Test.ChiSquare is { } chiSquare) message.ChiSquare = chiSquare;
        if (pair.Test.PValue is { } p) message.PValue = p;
        if (pair.AdjustedPValue is { } adjusted) message.AdjustedPValue = adjusted;
        return message;
    }

    public static V1.CoxModel ToProto(Core.Cox.CoxModel cox)
    {
        var message = new V1.CoxModel
        {
            ReferenceGroup = cox.Coefficients.FirstOrDefault()?.ReferenceLevel ?? "",
            Ties = cox.Ties switch
            {
                CoreTieMethod.Breslow => ProtoTieMethod.Breslow,
                CoreTieMethod.Exact => ProtoTieMethod.Exact,
                _ => ProtoTieMethod.Efron,
            },
            LikelihoodRatio = ToProto(cox.LikelihoodRatio),
            Wald = ToProto(cox.Wald),
            Score = ToProto(cox.Score),
            Iterations = cox.Iterations,
            Converged = cox.Converged,
            ConvergenceMessage = cox.NotConvergedReason ?? "",
            Stratified = cox.Stratified,
        };
        if (cox.Concordance is { } concordance) message.Concordance = concordance.Value;
        if (cox.Concordance?.StdError is { } stdError) message.ConcordanceStdError = stdError;
        if (cox.LogLikelihoodNull is { } nullLikelihood) message.LogLikelihoodNull = nullLikelihood;
        if (cox.LogLikelihood is { } likelihood) message.LogLikelihood = likelihood;
        if (cox.RobustScore is { } robustScore) message.RobustScore = ToProto(robustScore);
        foreach (var term in cox.Coefficients) message.Terms.Add(WithEstimate(new HazardRatio { Group = term.Level }, term.Estimate));
        return message;
    }

    private static V1.GroupContrast ToProto(Core.GroupTests.GroupContrast contrast)
    {
        var message = new V1.GroupContrast
        {
            Group = contrast.Group,
            ReferenceGroup = contrast.ReferenceGroup,
            Measure = contrast.Measure switch
            {
                Core.GroupTests.ContrastMeasure.RmstDifference => V1.ContrastMeasure.RmstDifference,
                Core.GroupTests.ContrastMeasure.RmstRatio => V1.ContrastMeasure.RmstRatio,
                _ => V1.ContrastMeasure.SurvivalDifference,
            },
            Time = contrast.Time,
            NotEstimableReason = contrast.NotEstimableReason ?? "",
        };
        if (contrast.Estimate is { } estimate) message.Estimate = estimate;
        if (contrast.StdError is { } stdError) message.StdError = stdError;
        if (contrast.Lower is { } lower) message.Lower = lower;
        if (contrast.Upper is { } upper) message.Upper = upper;
        if (contrast.PValue is { } p) message.PValue = p;
        return message;
    }

    private static V1.GrayTest ToProto(GrayTestResult gray)
    {
        var message = new V1.GrayTest
        {
            Cause = gray.Cause, DegreesOfFreedom = gray.Test.DegreesOfFreedom, NotEstimableReason = gray.Test.NotEstimableReason ?? "",
        };
        if (gray.Test.ChiSquare is { } chiSquare) message.ChiSquare = chiSquare;
        if (gray.Test.PValue is { } p) message.PValue = p;
        return message;
    }

    private static TestStatistic ToProto(ChiSquareTest test)
    {
        var message = new TestStatistic { DegreesOfFreedom = test.DegreesOfFreedom, NotEstimableReason = test.NotEstimableReason ?? "" };
        if (test.ChiSquare is { } chiSquare) message.ChiSquare = chiSquare;
        if (test.PValue is { } p) message.PValue = p;
        return message;
    }

    private static DescriptiveHazardRatio ToProto(HazardRatioMethod method, HazardRatioEstimate estimate, DescriptiveHazardRatios ratios)
    {
        var message = new DescriptiveHazardRatio
        {
            Method = method,
            Group = ratios.Group,
            ReferenceGroup = ratios.ReferenceGroup,
            NotEstimableReason = estimate.NotEstimableReason ?? "",
        };
        if (estimate.HazardRatio is { } ratio) message.HazardRatio = ratio;
        if (estimate.Lower is { } lower) message.Lower = lower;
        if (estimate.Upper is { } upper) message.Upper = upper;
        return message;
    }
}
