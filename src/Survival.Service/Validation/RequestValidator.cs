using Survival.V1;

namespace Survival.Service.Validation;

/// <summary>Checks each request before any work, so bad input fails fast with every violation named.</summary>
internal static class RequestValidator
{
    public static void Validate(EstimateSurvivalRequest request)
    {
        var violations = new FieldViolations();
        CohortRules.Check(request.Cohort, "cohort", violations);
        EstimateOptionsRules.Check(request.Options, "options", violations);
        violations.ThrowIfAny();
    }
}
