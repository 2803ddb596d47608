using System.Net;
using System.Text.Json;
using Conifer.Runtime.Restore;
using Conifer.Server.Admin;

namespace Conifer.Server.Tests;

public class HealthEndpointTests
{
    [Fact]
    public async Task While_restoring_live_is_200_and_ready_is_503_with_the_restore_progress()
    {
        var holder = new ProcessHolder();
        holder.ProgressSink.Report(new RestoreProgress("replaying", 10, 100));
        await using var admin = await StartAdminAsync(holder);
        using var client = new HttpClient { BaseAddress = new Uri(admin.Urls.First()) };

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
        var process = body.RootElement.GetProperty("checks").GetProperty("process");
        Assert.Equal("Restoring: replaying (10 of 100 records).", process.GetProperty("description").GetString());
        Assert.Equal(10, process.GetProperty("data").GetProperty("progress").GetProperty("recordsDone").GetInt64());
        Assert.Equal("No store is open for writing.", body.RootElement.GetProperty("checks").GetProperty("store").GetProperty("description").GetString());
    }

    [Fact]
    public async Task After_a_failed_restore_ready_is_503_naming_the_error()
    {
        var holder = new ProcessHolder();
        holder.SetFailed("the snapshot is damaged");
        await using var admin = await StartAdminAsync(holder);
        using var client = new HttpClient { BaseAddress = new Uri(admin.Urls.First()) };

        using var ready = await client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var data = body.RootElement.GetProperty("checks").GetProperty("process").GetProperty("data");
        Assert.Equal("failed", data.GetProperty("processStatus").GetString());
        Assert.Equal("the snapshot is damaged", data.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_metrics_route_needs_the_admin_password_like_every_route_but_health()
    {
        await using var admin = await StartAdminAsync(new ProcessHolder());
        using var client = new HttpClient { BaseAddress = new Uri(admin.Urls.First()) };

        using var metrics = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
    }

    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartAdminAsync(ProcessHolder holder)
    {
        var admin = AdminHost.Build(new ServerOptions { AdminUrls = "http://127.0.0.1:0", AdminPassword = "secret", Log = _ => { } }, holder);
        await admin.StartAsync();
        return admin;
    }
}
