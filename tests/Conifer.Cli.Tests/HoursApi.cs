using System.Net.Http.Headers;
using System.Text.Json;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary>The hours sample's plain-text API over a <see cref="ServerProcess"/>, and a data set every hours test books.</summary>
public sealed class HoursApi(ServerProcess server)
{
    public async Task<string> LoginAsync(string name, string password) => await SendAsync(HttpMethod.Post, "/login", null, $"{name}:{password}");

    public async Task<string> SendAsync(HttpMethod method, string path, string? token, string body = "")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await server.Public.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? text : throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
    }

    /// <summary>Two more users, three projects (one archived, one with a ':' in its title) and entries by everyone.</summary>
    public async Task BookSampleDataAsync()
    {
        var root = await LoginAsync("root", "welcome");
        await SendAsync(HttpMethod.Post, "/users", root, "alice:alice-pw:Worker");
        await SendAsync(HttpMethod.Post, "/users", root, "bob:bob-pw:Manager,Worker");
        var bob = await LoginAsync("bob", "bob-pw");
        await SendAsync(HttpMethod.Post, "/projects", bob, "WEB:Web shop");
        await SendAsync(HttpMethod.Post, "/projects", bob, "OPS:Operations");
        await SendAsync(HttpMethod.Post, "/projects", bob, "OLD:Legacy");
        var alice = await LoginAsync("alice", "alice-pw");
        await SendAsync(HttpMethod.Post, "/entries", alice, "WEB:2026-11-02:90:checkout page");
        await SendAsync(HttpMethod.Post, "/entries", alice, "OLD:2026-11-02:30:handover: notes");
        await SendAsync(HttpMethod.Post, "/entries", bob, "OPS:2026-11-03:45:backups");
        await SendAsync(HttpMethod.Post, "/entries", root, "WEB:2026-11-04:15:review");
        await SendAsync(HttpMethod.Post, "/projects/OLD/archive", bob);
    }

    /// <summary>Every entry as root sees it (one line each, ordered by id).</summary>
    public async Task<string> AllEntriesAsync() => await SendAsync(HttpMethod.Get, "/entries", await LoginAsync("root", "welcome"));

    /// <summary>Each user's salt and password hash, wherever the running version keeps them (v1/v2: on the user; v3: in Credentials).</summary>
    public async Task<SortedDictionary<string, string>> HashesAsync()
    {
        using var document = JsonDocument.Parse(await server.Admin.GetStringAsync("/api/state"));
        var state = document.RootElement;
        var source = state.TryGetProperty("Credentials", out var credentials) ? credentials : state.GetProperty("Users");
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in source.GetProperty("$dict").EnumerateArray())
        {
            hashes[pair[0].GetString()!] = pair[1].GetProperty("Salt").GetString() + "/" + pair[1].GetProperty("PasswordHash").GetString();
        }
        return hashes;
    }
}
