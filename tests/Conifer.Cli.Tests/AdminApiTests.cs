using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class AdminApiTests
{
    private static readonly (string Method, string Path)[] AdminRoutes =
    [
        ("GET", "/api/state/node"), ("GET", "/api/status"), ("POST", "/api/deploy"), ("GET", "/api/state"), ("PUT", "/api/state"),
        ("GET", "/api/history"), ("GET", "/api/reports/x"),
    ];

    [Fact]
    public async Task Every_admin_route_refuses_a_missing_or_wrong_password_and_the_public_port_serves_none()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("14");
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.AdminUrl) };
        using var wrong = new HttpClient { BaseAddress = new Uri(server.AdminUrl) };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:nope")));

        foreach (var (method, path) in AdminRoutes)
        {
            foreach (var client in new[] { anonymous, wrong })
            {
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("0") });
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
            // The public URL hands every path to the app: the counter answers with its number, never admin data.
            using var publicResponse = await server.Public.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("0") });
            var body = await publicResponse.Content.ReadAsStringAsync();
            Assert.Equal("14", body);
        }
        Assert.Equal("14", await server.GetAsync());
    }

    [Fact]
    public async Task Bearer_and_basic_with_any_user_are_accepted_and_state_can_be_read_and_set()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("14");
        using var bearer = new HttpClient { BaseAddress = new Uri(server.AdminUrl) };
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerProcess.Password);

        Assert.Equal("14", (await bearer.GetStringAsync("/api/state")).Trim());
        using var put = await server.Admin.PutAsync("/api/state", new StringContent("20"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("21", await server.PostAsync("1"));

        using var mismatch = await server.Admin.PutAsync("/api/state", new StringContent("\"text\""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mismatch.StatusCode);
        Assert.Contains("$: stored String", await mismatch.Content.ReadAsStringAsync());
        using var malformed = await server.Admin.PutAsync("/api/state", new StringContent("{oops"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("21", await server.GetAsync());
    }

    [Fact]
    public async Task Health_checks_need_no_password_and_an_unset_password_closes_the_admin_routes()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.AdminUrl) };

        using var live = await anonymous.GetAsync("/health/live");
        using var ready = await anonymous.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        await using var unprotected = await ServerProcess.StartAsync(temp.Sub("store2"), deploy: RepoPaths.SampleApp("counter"), withPassword: false);
        using var closed = await unprotected.Admin.GetAsync("/api/state");
        Assert.Equal(HttpStatusCode.Forbidden, closed.StatusCode);
        Assert.Contains("no admin password is configured", await closed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_public_request_body_over_the_limit_gets_413_and_changes_nothing()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("14");

        // With Expect: 100-continue the server refuses on the declared length, before the client
        // sends the body, so the 413 arrives instead of a connection closed mid-upload.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(new byte[5 * 1024 * 1024]) };
        request.Headers.ExpectContinue = true;
        using var response = await server.Public.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("14", await server.GetAsync());
    }
}
