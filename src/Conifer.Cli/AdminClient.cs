using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Conifer.Runtime.Reports;

namespace Conifer.Cli;

/// <summary>Talks to a running server's admin API with the admin password.</summary>
internal sealed class AdminClient : IDisposable
{
    /// <summary>What to do about a missing or refused password, said the same in every message.</summary>
    private const string PasswordHint = "Give the server's admin password with --admin-password or the CONIFER_ADMIN_PASSWORD environment variable.";

    private readonly HttpClient _http;
    private readonly bool _hasPassword;

    /// <param name="adminUrl">The admin URL; without a scheme (<c>127.0.0.1:4000</c>) it is <c>http://</c>.</param>
    /// <param name="password">The admin password, or null when neither the option nor the environment gave one.</param>
    public AdminClient(string adminUrl, string? password)
    {
        _http = new HttpClient { BaseAddress = new Uri(CommonOptions.AdminUrl(adminUrl).TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
        _hasPassword = password is not null;
        if (password is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + password)));
        }
    }

    /// <summary>
    /// Whether the server takes the password, found with a cheap authenticated GET before anything large
    /// is uploaded or anything is changed; false after printing why (no password, refused, unreachable).
    /// </summary>
    public async Task<bool> CheckPasswordAsync(CancellationToken cancellationToken)
    {
        if (!_hasPassword)
        {
            await Console.Error.WriteLineAsync($"conifer: no admin password given for {_http.BaseAddress}. {PasswordHint}").ConfigureAwait(false);
            return false;
        }
        return await SendAsync(HttpMethod.Get, "api/status", null, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Uploads a source zip; returns the report, or null after printing why no report came back.</summary>
    /// <param name="zip">The source archive.</param>
    /// <param name="init">Start from the new version's Init.</param>
    /// <param name="dryRun">Commit nothing.</param>
    /// <param name="progress">Told the bytes sent, then that the server is at work (the deploy's steps run before it answers).</param>
    /// <param name="cancellationToken">Stops waiting; the server may still finish the deploy.</param>
    public async Task<DeployReport?> DeployAsync(byte[] zip, bool init, bool dryRun, IProgress<StepProgress>? progress, CancellationToken cancellationToken)
    {
        using var content = new UploadContent(zip, sent =>
        {
            progress?.Report(new StepProgress("uploading", sent, zip.Length, CountsBytes: true));
            if (sent == zip.Length)
            {
                progress?.Report(new StepProgress(dryRun ? "waiting for the server (compiling, checking, dry-running the migration)" : "waiting for the server (compiling, checking, migrating)", 0, 0));
            }
        });
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        if (!await CheckPasswordAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        var url = $"api/deploy?init={(init ? "true" : "false")}&dry-run={(dryRun ? "true" : "false")}";
        var body = await SendAsync(HttpMethod.Post, url, content, cancellationToken).ConfigureAwait(false);
        if (body is not { } ok)
        {
            return null;
        }
        if (ok.Status is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity)
        {
            return ReportJson.Read(ok.Text);
        }
        await Console.Error.WriteLineAsync($"conifer: the server answered {(int)ok.Status}: {ErrorOf(ok.Text)}").ConfigureAwait(false);
        return null;
    }

    /// <summary><c>GET /api/state</c>: the running version id and the state's JSON tree, or null after printing why not.</summary>
    public async Task<(string? VersionId, string Json)?> GetStateAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync("api/state", cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (await RefusedAsync(response.StatusCode, text).ConfigureAwait(false))
            {
                return null;
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await Console.Error.WriteLineAsync($"conifer: the server answered {(int)response.StatusCode}: {ErrorOf(text)}").ConfigureAwait(false);
                return null;
            }
            var version = response.Headers.TryGetValues("X-Conifer-Version", out var values) ? values.FirstOrDefault() : null;
            return (version, text);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"conifer: cannot reach {_http.BaseAddress}: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Downloads a GET answer into <paramref name="file"/>; null after printing why (unreachable, refused, not 200).</summary>
    public async Task<HttpStatusCode?> DownloadAsync(string url, string file, CancellationToken cancellationToken, IProgress<StepProgress>? progress = null)
    {
        try
        {
            // The server builds the whole copy before its first byte arrives: a wait of unknown length.
            progress?.Report(new StepProgress("waiting for the server to copy the store", 0, 0));
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (await RefusedAsync(response.StatusCode, text).ConfigureAwait(false))
                {
                    return null;
                }
                await Console.Error.WriteLineAsync($"conifer: the server answered {(int)response.StatusCode}: {ErrorOf(text)}").ConfigureAwait(false);
                return null;
            }
            var output = File.Create(file);
            await using (output.ConfigureAwait(false))
            {
                var total = response.Content.Headers.ContentLength ?? 0;
                var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (input.ConfigureAwait(false))
                {
                    var buffer = new byte[81920];
                    long done = 0;
                    int read;
                    while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        done += read;
                        progress?.Report(new StepProgress("downloading", done, total, CountsBytes: true));
                    }
                }
            }
            return response.StatusCode;
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"conifer: cannot reach {_http.BaseAddress}: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary><c>PUT /api/state</c>: the status code and body (200 applied, 422 mismatches), or null after printing why no answer came.</summary>
    public async Task<(HttpStatusCode Status, string Text)?> PutStateAsync(string json, string? fromVersionId, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var url = fromVersionId is null ? "api/state" : "api/state?from-version=" + Uri.EscapeDataString(fromVersionId);
        return await SendAsync(HttpMethod.Put, url, content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one request; null after printing why (unreachable, refused password).</summary>
    public async Task<(HttpStatusCode Status, string Text)?> SendAsync(HttpMethod method, string url, HttpContent? content, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(method, url) { Content = content };
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (await RefusedAsync(response.StatusCode, text).ConfigureAwait(false))
            {
                return null;
            }
            return (response.StatusCode, text);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"conifer: cannot reach {_http.BaseAddress}: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Prints why the admin interface refused a request and returns true, for 401 and 403; false otherwise.</summary>
    private async Task<bool> RefusedAsync(HttpStatusCode status, string text)
    {
        var line = status switch
        {
            HttpStatusCode.Unauthorized when !_hasPassword => $"conifer: no admin password given for {_http.BaseAddress}. {PasswordHint}",
            HttpStatusCode.Unauthorized => $"conifer: {_http.BaseAddress} refused the admin password (401). {PasswordHint}",
            // 403: the server has no password configured; its own message says how to start it with one.
            HttpStatusCode.Forbidden => $"conifer: {_http.BaseAddress} refused the request (403): {ErrorOf(text)}",
            _ => null,
        };
        if (line is not null)
        {
            await Console.Error.WriteLineAsync(line).ConfigureAwait(false);
        }
        return line is not null;
    }

    /// <summary>The "error" field of a JSON error body, else the text itself.</summary>
    public static string ErrorOf(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? text : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    public void Dispose() => _http.Dispose();
}
