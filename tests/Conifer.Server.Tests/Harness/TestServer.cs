using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Conifer.Server.Tests.Harness;

/// <summary>
/// A real <see cref="ConiferServer"/> in this process, on loopback with free ports and a store in a
/// temp directory, with HTTP clients for its public and admin URLs.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Password = "test-password";
    private readonly ConiferServer _server;
    private readonly StringBuilder _log;

    private TestServer(ConiferServer server, StringBuilder log, string publicUrl, string adminUrl)
    {
        _server = server;
        _log = log;
        PublicUrl = publicUrl;
        AdminUrl = adminUrl;
        Public = new HttpClient { BaseAddress = new Uri(publicUrl), Timeout = TimeSpan.FromSeconds(60) };
        Admin = new HttpClient { BaseAddress = new Uri(adminUrl), Timeout = TimeSpan.FromMinutes(2) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Password);
        Anonymous = new HttpClient { BaseAddress = new Uri(adminUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string PublicUrl { get; }

    public string AdminUrl { get; }

    public HttpClient Public { get; }

    /// <summary>An admin client that sends the password.</summary>
    public HttpClient Admin { get; }

    /// <summary>An admin client without the password.</summary>
    public HttpClient Anonymous { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<TestServer> StartAsync(string store, string? deploy = null)
    {
        var publicUrl = $"http://127.0.0.1:{FreePort()}";
        var adminUrl = $"http://127.0.0.1:{FreePort()}";
        var log = new StringBuilder();
        var server = await ConiferServer.StartAsync(new ServerOptions
        {
            ProcessStore = store,
            PublicUrls = publicUrl,
            AdminUrls = adminUrl,
            AdminPassword = Password,
            DeployOnStart = deploy,
            MigrationTimeout = TimeSpan.FromSeconds(20),
            Log = line =>
            {
                lock (log)
                {
                    log.AppendLine(line);
                }
            },
        });
        return new TestServer(server, log, publicUrl, adminUrl);
    }

    /// <summary>Deploys a source folder through <c>POST /api/deploy</c> and returns the report; fails the test unless it answers 200.</summary>
    public async Task<JsonElement> DeployAsync(string folder, bool dryRun = false)
    {
        using var content = new ByteArrayContent(SourceZip.Of(folder));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var response = await Admin.PostAsync($"/api/deploy?dry-run={(dryRun ? "true" : "false")}", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"deploy of {folder} answered {(int)response.StatusCode}: {text}\n{Log}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<string> SendPublicAsync(HttpMethod method, string path, string body = "", string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        using var response = await Public.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? text : throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Public.Dispose();
        Admin.Dispose();
        Anonymous.Dispose();
    }
}
