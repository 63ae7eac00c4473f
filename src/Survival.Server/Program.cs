using System.Globalization;
using Survival.Server.Http;
using Survival.Server.Infrastructure;
using Survival.Service.Services;

// Messages and JSON carry numbers; none may depend on the host's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;

var builder = WebApplication.CreateBuilder(args);
// Before AddSurvivalGrpc: AddGrpcSwagger calls AddGrpc, which would bring back the binder AddSurvivalGrpc replaces.
builder.Services.AddSurvivalApiDocumentation();
builder.Services.AddSurvivalGrpc(builder.Configuration);

var app = builder.Build();
app.UseSurvivalWebPage();
app.UseSurvivalApiDocumentation();
app.MapGrpcService<SurvivalAnalysisService>();
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService();

app.Run();

/// <summary>The entry point, visible to in-process tests.</summary>
public partial class Program;
