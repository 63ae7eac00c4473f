using Survival.Server.Infrastructure;
using Survival.Server.Services;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSurvivalGrpc(builder.Configuration);

var app = builder.Build();
app.MapGrpcService<SurvivalAnalysisService>();
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService();
app.MapGet("/", () => "Survival: gRPC service survival.v1.SurvivalAnalysis. See README.md.");

app.Run();

/// <summary>The entry point, visible to in-process tests.</summary>
public partial class Program;
