using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Survival.Server.Security;

/// <summary>
/// Who may call: off when nothing is configured (local use); on as soon as <c>Survival:Auth:ApiKeys</c> lists a key
/// or <c>Authentication:Schemes:Bearer</c> (ASP.NET Core's standard JWT settings: issuer, audiences, signing keys)
/// exists. Both credentials travel as <c>authorization: Bearer</c>; a token shaped like a JWT goes to the JWT handler
/// when it is configured, anything else to the API keys. Health always stays open; reflection unless
/// <c>Survival:Auth:ProtectReflection</c> is true.
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

    /// <summary>Reflection lists the API; an operator may hide it behind the same credentials.</summary>
    public static TBuilder RequireCallerForReflection<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : IEndpointConventionBuilder =>
        configuration.GetValue("Survival:Auth:ProtectReflection", false) ? builder.RequireCaller(configuration) : builder;

    private static string[] ApiKeys(IConfiguration configuration) =>
        [.. (configuration.GetSection("Survival:Auth:ApiKeys").Get<string[]>() ?? []).Where(k => !string.IsNullOrEmpty(k))];

    private static bool JwtConfigured(IConfiguration configuration) =>
        configuration.GetSection("Authentication:Schemes:Bearer").Exists();
}
