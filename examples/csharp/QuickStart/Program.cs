// Median overall and progression-free survival of the illustrative seven-patient cohort, from a running server:
//   dotnet run --project src/Survival.Server            (in one terminal)
//   dotnet run --project examples/csharp/QuickStart     (in another)
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Survival.V1;

// host:port, as the Python example and the CLI take it, or http(s)://host:port.
var address = args.Length > 0 ? args[0] : "http://127.0.0.1:5000";
if (!address.Contains("://", StringComparison.Ordinal)) address = "http://" + address;
var csv = Path.Combine(AppContext.BaseDirectory, "seven_patient_cohort_illustrative.csv");
var rows = File.ReadAllLines(csv).Skip(1).Select(line => line.Split(',')).ToArray();

using var channel = GrpcChannel.ForAddress(address);
var client = new SurvivalAnalysis.SurvivalAnalysisClient(channel);

foreach (var (endpoint, timeColumn, eventColumn) in new[] { ("OS", 1, 2), ("PFS", 3, 4) })
{
    var cohort = new Cohort { TimeUnit = "months" };
    foreach (var row in rows)
    {
        cohort.Subjects.Add(new Subject { Id = row[0], Time = double.Parse(row[timeColumn], CultureInfo.InvariantCulture), Event = row[eventColumn] == "1" });
    }

    var request = new EstimateSurvivalRequest { Cohort = cohort, Options = new EstimateOptions { LandmarkTimes = { 12 } } };
    EstimateSurvivalResponse response;
    try
    {
        response = await client.EstimateSurvivalAsync(request);
    }
    catch (RpcException exception) when (exception.StatusCode == StatusCode.Unavailable)
    {
        Console.Error.WriteLine($"cannot reach the server at {address}: {exception.Status.DebugException?.GetBaseException().Message ?? exception.Status.Detail}. " +
            "Start it with: dotnet run --project src/Survival.Server");
        return 3;
    }
    var group = response.Groups.Single();

    static string Show(bool has, double value) => has ? value.ToString("0.##", CultureInfo.InvariantCulture) : "not reached";
    var median = group.Median;
    var twelve = group.Landmarks[0];
    Console.WriteLine($"{endpoint}: median {Show(median.HasTime, median.Time)} months " +
        $"(95% CI {Show(median.HasLower, median.Lower)} to {Show(median.HasUpper, median.Upper)}); " +
        $"12-month survival {twelve.Survival * 100:0}%, {group.Events} events in {group.Subjects} patients");
}
return 0;
