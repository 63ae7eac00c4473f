using Survival.Server.Security;

namespace Survival.Server.Operations;

/// <summary>What an operator configures around the service: credentials, limits, shutdown and telemetry.</summary>
public static class OperationsRegistration
{
    public static WebApplicationBuilder AddSurvivalOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddCallerAuthentication(builder.Configuration);
        return builder;
    }

    /// <summary>The middleware, in order: who calls, then whether the caller may.</summary>
    public static WebApplication UseSurvivalOperations(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
