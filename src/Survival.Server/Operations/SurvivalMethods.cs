using Google.Protobuf.Reflection;

namespace Survival.Server.Operations;

/// <summary>The service's own methods; health and reflection are never limited, so probes keep working under load.</summary>
public static class SurvivalMethods
{
    private const string Package = "survival.v1.";
    private const string PathPrefix = "/" + Package;

    /// <summary>Whether a gRPC method path (<c>/survival.v1.SurvivalAnalysis/EstimateSurvival</c>) is the service's.</summary>
    public static bool Includes(string method) => method.StartsWith(PathPrefix, StringComparison.Ordinal);

    public static bool Includes(MethodDescriptor method) => method.Service.FullName.StartsWith(Package, StringComparison.Ordinal);
}
