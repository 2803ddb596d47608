using System.Net;
using System.Text.Json;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class HealthAndMetricsTests
{
    [Fact]
    public async Task Ready_reports_each_check_as_json_without_a_password()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.AdminUrl) };

        using var ready = await anonymous.GetAsync("/health/ready");
        using var document = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", document.RootElement.GetProperty("status").GetString());
        var checks = document.RootElement.GetProperty("checks");
        Assert.Equal("ready", checks.GetProperty("process").GetProperty("data").GetProperty("processStatus").GetString());
        Assert.Equal("Healthy", checks.GetProperty("store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_scraped_from_the_admin_url_show_events_group_commits_and_http_requests()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        for (var i = 0; i < 5; i++)
        {
            await server.PostAsync("1");
        }
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.AdminUrl) };
        using var refused = await anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        string[] expected =
        [
            "conifer_events_logged_total",
            "conifer_log_durable_sequence",
            "conifer_store_batch_records_bucket",
            "conifer_store_sync_duration_milliseconds_bucket",
            "http_server_request_duration_seconds_bucket",
            // The public host's requests (the admin routes seen here are all GETs).
            "http_request_method=\"POST\"",
        ];
        var text = "";
        for (var attempt = 0; attempt < 100 && !expected.All(text.Contains); attempt++)
        {
            // HTTP durations are recorded as a response completes, so the last ones may lag a scrape.
            await Task.Delay(attempt == 0 ? 0 : 100);
            using var response = await server.Admin.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
        }

        Assert.All(expected, name => Assert.Contains(name, text));
        Assert.Matches(@"conifer_events_logged_total\{[^}]*\} 5(\s|$)", text);
    }
}
