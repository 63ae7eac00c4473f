using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Survival.Client;

namespace Survival.Server.Tests.Operations;

/// <summary>
/// The server as an operator runs it: a separate <c>dotnet Survival.Server.dll</c> process on its own loopback ports,
/// configured only through the environment, stopped with SIGTERM as Kubernetes stops it.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(string serverDll, string workingDirectory, IReadOnlyDictionary<string, string> environment, string? certificateAuthorityFile)
    {
        (GrpcPort, HttpPort) = (FreePort(), FreePort());
        var grpcScheme = certificateAuthorityFile is null ? "http" : "https";
        var start = new ProcessStartInfo("dotnet", serverDll)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Kestrel__Endpoints__Grpc__Url"] = $"{grpcScheme}://127.0.0.1:{GrpcPort}",
                ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{HttpPort}",
                // As in a minimal container: no system font configuration to fall back on.
                ["FONTCONFIG_FILE"] = "/dev/null",
            },
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        GrpcAddress = new Uri($"{grpcScheme}://{(certificateAuthorityFile is null ? "127.0.0.1" : "localhost")}:{GrpcPort}");
        Channel = SurvivalChannel.Create(GrpcAddress, certificateAuthorityFile: certificateAuthorityFile);
    }

    /// <summary>The server built beside these tests (the test output holds its dll, deps and runtimeconfig).</summary>
    public static string BuiltServerDll => Path.Combine(AppContext.BaseDirectory, "Survival.Server.dll");

    public int GrpcPort { get; }

    /// <summary>The server's process id, to read its memory from /proc.</summary>
    public int ProcessId => _process.Id;

    public int HttpPort { get; }

    /// <summary>The gRPC endpoint; with TLS it names localhost, the name the test certificate is issued to.</summary>
    public Uri GrpcAddress { get; }

    /// <summary>A channel without credentials, for health checks and calls that must be refused.</summary>
    public GrpcChannel Channel { get; }

    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<ServerProcess> StartAsync(
        IReadOnlyDictionary<string, string>? environment = null,
        string? serverDll = null,
        string workingDirectory = "/",
        string? certificateAuthorityFile = null)
    {
        var server = new ServerProcess(
            serverDll ?? BuiltServerDll, workingDirectory, environment ?? new Dictionary<string, string>(), certificateAuthorityFile);
        try
        {
            await server.WaitUntilServingAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Sends SIGTERM, as the kubelet does when it stops a pod.</summary>
    public void Terminate() => Assert.Equal(0, kill(_process.Id, Sigterm));

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Channel.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        var health = new Health.HealthClient(Channel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                var response = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
            }
            await Task.Delay(200);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const int Sigterm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
