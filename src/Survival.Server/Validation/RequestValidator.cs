using Survival.V1;

namespace Survival.Server.Validation;

/// <summary>Checks each request before any work, so bad input fails fast with every violation named.</summary>
public static class RequestValidator
{
    public static void Validate(EstimateSurvivalRequest request)
    {
        var violations = new FieldViolations();
        CohortRules.Check(request.Cohort, "cohort", violations);
        EstimateOptionsRules.Check(request.Options, "options", violations);
        violations.ThrowIfAny();
    }
}
