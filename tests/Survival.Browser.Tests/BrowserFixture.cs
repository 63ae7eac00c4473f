using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Survival.Browser.Tests;

/// <summary>
/// The real server on Kestrel, its HTTP endpoint on a free loopback port, and Debian's Chromium driven headless by
/// Playwright. Playwright never downloads a browser: it is given the system's executable.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private WebApplicationFactory<Program>? _server;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Server settings beyond the endpoints.</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    public string BaseAddress { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var httpPort = FreePort();
        _server = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:0")
                .UseSetting("Kestrel:Endpoints:Http:Url", $"http://127.0.0.1:{httpPort}");
            foreach (var (key, value) in Settings) host.UseSetting(key, value);
        });
        _server.UseKestrel();
        _server.StartServer();
        BaseAddress = $"http://127.0.0.1:{httpPort}/";
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArguments,
        });
    }

    /// <summary>A fresh page at the server's root, at the given viewport width.</summary>
    public async Task<IPage> OpenAsync(int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseAddress);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>The same, with authentication on: the JSON API the page calls needs an API key.</summary>
public sealed class AuthenticatedBrowserFixture : BrowserFixture
{
    public const string ApiKey = "browser-test-key";

    protected override IEnumerable<(string Key, string Value)> Settings => [("Survival:Auth:ApiKeys:0", ApiKey)];
}

[CollectionDefinition(Name)]
public sealed class AuthenticatedBrowserCollection : ICollectionFixture<AuthenticatedBrowserFixture>
{
    public const string Name = "browser with authentication";
}
