using System.Net;
using Conifer.Server.Tests.Harness;

namespace Conifer.Server.Tests;

public class AdminPageFilesTests(HoursServerFixture fixture) : IClassFixture<HoursServerFixture>
{
    private TestServer Server => fixture.Server;

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/ui/app.js", "text/javascript")]
    [InlineData("/ui/api.js", "text/javascript")]
    [InlineData("/ui/tree.js", "text/javascript")]
    [InlineData("/ui/app.css", "text/css")]
    public async Task The_page_and_its_files_are_served_without_the_password_with_their_content_type(string path, string type)
    {
        using var response = await Server.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task The_page_holds_no_data_and_refers_to_nothing_outside_the_server()
    {
        var html = await Server.Anonymous.GetStringAsync("/");
        var script = await Server.Anonymous.GetStringAsync("/ui/app.js");

        Assert.DoesNotContain("alice", html);
        Assert.DoesNotContain("http://", html + script);
        Assert.DoesNotContain("https://", html + script);
    }

    [Fact]
    public async Task An_unchanged_file_answers_304_to_its_etag()
    {
        using var first = await Server.Anonymous.GetAsync("/ui/app.css");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/ui/app.css");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await Server.Anonymous.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/status")]
    [InlineData("GET", "/api/history")]
    [InlineData("GET", "/api/state")]
    [InlineData("GET", "/ui/secret.json")]
    [InlineData("GET", "/ui/")]
    [InlineData("GET", "/ui/../api/state")]
    [InlineData("POST", "/")]
    [InlineData("POST", "/ui/app.js")]
    [InlineData("GET", "/index.html")]
    public async Task Everything_else_still_needs_the_password(string method, string path)
    {
        using var response = await Server.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_refused_fetch_from_the_page_gets_no_basic_challenge_so_the_browser_shows_no_dialog()
    {
        using var fromPage = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        fromPage.Headers.Add("Sec-Fetch-Mode", "cors");
        using var pageResponse = await Server.Anonymous.SendAsync(fromPage);
        using var direct = await Server.Anonymous.GetAsync("/api/status");

        Assert.Equal(HttpStatusCode.Unauthorized, pageResponse.StatusCode);
        Assert.Empty(pageResponse.Headers.WwwAuthenticate);
        Assert.Contains(direct.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Fact]
    public async Task Status_carries_what_the_page_shows()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await Server.Admin.GetStringAsync("/api/status"));
        var status = document.RootElement;

        Assert.Equal("ready", status.GetProperty("status").GetString());
        Assert.True(status.GetProperty("eventsLogged").GetInt64() >= 5);
        Assert.True(status.GetProperty("uptimeSeconds").GetDouble() >= 0);
        Assert.Equal(System.Text.Json.JsonValueKind.String, status.GetProperty("now").ValueKind);
        Assert.NotNull(status.GetProperty("versionId").GetString());
        // The deploy on start is a checkpoint; whether a snapshot exists yet depends on the snapshot policy.
        Assert.True(status.TryGetProperty("lastSnapshot", out _));
    }
}
