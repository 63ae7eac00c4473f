using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Survival.Server.Security;

/// <summary>
/// Who may call: off when nothing is configured (local use); on as soon as <c>Survival:Auth:ApiKeys</c> lists a key
/// or <c>Authentication:Schemes:Bearer</c> (ASP.NET Core's standard JWT settings: issuer, audiences, signing keys)
/// exists. Both credentials travel as <c>authorization: Bearer</c>; a token shaped like a JWT goes to the JWT handler
/// when it is configured, anything else to the API keys. Health always stays open (<see cref="OpenServices"/> keeps
/// it cheap); reflection as <c>Survival:Reflection</c> says (<see cref="ReflectionAccess"/>).
/// </summary>
public static class CallerAuthentication
{
    private const string ApiKeyScheme = "ApiKey";
    private const string CallerScheme = "Caller";

    public static bool IsEnabled(IConfiguration configuration) =>
        ApiKeys(configuration).Length > 0 || JwtConfigured(configuration);

    public static IServiceCollection AddCallerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var jwt = JwtConfigured(configuration);
        services.AddSingleton(new ApiKeyStore(ApiKeys(configuration)));
        var authentication = services.AddAuthentication(CallerScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, null)
            .AddPolicyScheme(CallerScheme, null, options => options.ForwardDefaultSelector = context =>
                jwt && BearerToken.From(context.Request) is { } token && BearerToken.LooksLikeJwt(token)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyScheme);
        // AddJwtBearer binds Authentication:Schemes:Bearer itself.
        if (jwt) authentication.AddJwtBearer();
        return services;
    }

    /// <summary>Requires a valid credential on the endpoints built, when authentication is enabled (see <see cref="CallerGate"/>).</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : IEndpointConventionBuilder =>
        IsEnabled(configuration) ? builder.WithMetadata(CallerRequired.Instance) : builder;

    /// <summary>Maps gRPC server reflection as <c>Survival:Reflection</c> says: behind the API's credentials (the default), open, or off.</summary>
    public static void MapSurvivalReflection(this WebApplication app)
    {
        var access = app.Configuration.GetValue("Survival:Reflection", ReflectionAccess.Authenticated);
        if (access == ReflectionAccess.Off) return;
        var reflection = app.MapGrpcReflectionService();
        if (access == ReflectionAccess.Authenticated) reflection.RequireCaller(app.Configuration);
    }

    private static string[] ApiKeys(IConfiguration configuration) =>
        [.. (configuration.GetSection("Survival:Auth:ApiKeys").Get<string[]>() ?? []).Where(k => !string.IsNullOrEmpty(k))];

    private static bool JwtConfigured(IConfiguration configuration) =>
        configuration.GetSection("Authentication:Schemes:Bearer").Exists();
}

/// <summary>Who may use gRPC server reflection, which lists the API (<c>Survival:Reflection</c>).</summary>
public enum ReflectionAccess
{
    /// <summary>The API's own credentials, when any are configured (without them, everyone, like the API).</summary>
    Authenticated,

    /// <summary>Anyone who reaches the gRPC port, like health.</summary>
    Open,

    /// <summary>Not served: UNIMPLEMENTED.</summary>
    Off,
}
