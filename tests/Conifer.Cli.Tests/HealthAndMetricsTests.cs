using System.Net;
using System.Text.Json;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class HealthAndMetricsTests
{
    [Fact]
    public async Task A_ready_server_reports_its_checks_without_a_password_and_its_metrics_with_one()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        for (var i = 0; i < 5; i++)
        {
            await server.PostAsync("1");
        }
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.AdminUrl) };

        using var ready = await anonymous.GetAsync("/health/ready");
        using var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
        var checks = health.RootElement.GetProperty("checks");
        Assert.Equal("ready", checks.GetProperty("process").GetProperty("data").GetProperty("processStatus").GetString());
        Assert.Equal("Healthy", checks.GetProperty("store").GetProperty("status").GetString());

        using var refused = await anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        string[] expected =
        [
            "conifer_events_logged_total",
            "conifer_log_durable_sequence",
            "conifer_store_batch_records_bucket",
            "conifer_store_sync_duration_seconds_bucket",
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

    [Fact]
    public async Task With_an_otlp_endpoint_the_server_pushes_its_metrics_to_the_collector()
    {
        using var temp = new TempDirectory();
        var port = FreePort.Next();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        };
        await using var server = await ServerProcess.StartAsync(
            temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"), extraArgs: ["--otlp-endpoint", $"http://127.0.0.1:{port}"], environment: environment);
        await server.PostAsync("1");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string path;
        byte[] body;
        do
        {
            var context = await collector.GetContextAsync().WaitAsync(timeout.Token);
            path = context.Request.Url!.AbsolutePath;
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer, timeout.Token);
            body = buffer.ToArray();
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
        // OTLP/protobuf carries names as plain UTF-8. A histogram travels only once something was
        // recorded after the exporter started (the POST's batch), so early exports may lack it.
        while (!(Carries(body, "conifer.events.logged") && Carries(body, "conifer.store.batch.records")));

        Assert.Equal("/v1/metrics", path);
    }

    private static bool Carries(byte[] export, string name) =>
        System.Text.Encoding.UTF8.GetString(export).Contains(name, StringComparison.Ordinal);
}
