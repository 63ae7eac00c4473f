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
// Before AddSurvivalGrpc: AddGrpcSwagger calls AddGrpc, which would bring back the binder AddSurvivalGrpc replaces.
builder.Services.AddSurvivalApiDocumentation();
builder.Services.AddSurvivalGrpc(builder.Configuration);
builder.AddSurvivalOperations();

var app = builder.Build();
app.UseSurvivalOperations();
app.UseSurvivalJsonFieldErrors();
app.UseSurvivalWebPage();
app.UseSurvivalApiDocumentation();
app.MapGrpcService<SurvivalAnalysisService>().RequireCaller(app.Configuration);
app.MapGrpcService<RemoteFitService>().RequireCaller(app.Configuration);
app.MapGrpcHealthChecksService();
app.MapSurvivalReflection();

app.Run();

/// <summary>The entry point, visible to in-process tests.</summary>
public partial class Program;
