namespace Survival.Server.Operations;

/// <summary>The service's own methods; health and reflection are never limited, so probes keep working under load.</summary>
public static class SurvivalMethods
{
    public static bool Includes(string method) => method.StartsWith("/survival.v1.", StringComparison.Ordinal);
}
