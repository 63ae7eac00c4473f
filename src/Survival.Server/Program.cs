using System.Globalization;
using Survival.Server.Http;
using Survival.Server.Infrastructure;
using Survival.Server.Operations;
using Survival.Server.Security;
using Survival.Service.Services;

// Messages and JSON carry numbers; none may depend on the host's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;

// The application's own folder, not the working directory, holds appsettings.json: `dotnet /opt/x/Survival.Server.dll`
// started from anywhere must configure the same endpoints.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddSurvivalGrpc(builder.Configuration);
builder.AddSurvivalOperations();

var app = builder.Build();
app.UseSurvivalOperations();
app.MapGrpcService<SurvivalAnalysisService>().RequireCaller(app.Configuration);
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService().RequireCallerForReflection(app.Configuration);
app.MapGet("/", () => "Survival: gRPC service survival.v1.SurvivalAnalysis, HTTP/JSON under /v1, OpenAPI at " + OpenApiDocument.Path);
var openApi = OpenApiDocument.Build(Survival.V1.SurvivalAnalysis.Descriptor);
app.MapGet(OpenApiDocument.Path, () => Results.Text(openApi, "application/json"));

app.Run();

/// <summary>The entry point, visible to in-process tests.</summary>
public partial class Program;
