using Microsoft.Extensions.FileProviders;

namespace Survival.Server.Http;

/// <summary>
/// The researchers' page at <c>/</c>: static files embedded in this assembly (so the container and an offline machine
/// serve them alike), which call the JSON API of the same origin. The content security policy lets the page talk to
/// this server only, so no cohort can leave for anywhere else.
/// </summary>
public static class WebPage
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplication UseSurvivalWebPage(this WebApplication app)
    {
        // Kestrel logs "Now listening on" for both endpoints; the log also says where a person goes.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (app.Configuration["Kestrel:Endpoints:Http:Url"] is { } url)
                app.Logger.LogInformation("The researchers' page: {Page} — API documentation: {Docs}", url.TrimEnd('/') + "/", url.TrimEnd('/') + "/docs");
        });
        var files = new ManifestEmbeddedFileProvider(typeof(WebPage).Assembly, "Web");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                context.Context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                context.Context.Response.Headers.XContentTypeOptions = "nosniff";
            },
        });
        return app;
    }
}
