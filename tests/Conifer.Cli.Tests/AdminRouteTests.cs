using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary>The read and housekeeping routes answer what docs/operations.md says, and bad input changes nothing.</summary>
public class AdminRouteTests
{
    [Fact]
    public async Task Status_history_reports_truncate_and_backup_answer_json_and_bad_requests_change_nothing()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("4");
        var deploy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter-text"), server.AdminUrl);
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        var status = JsonNode.Parse(await server.Admin.GetStringAsync("/api/status"))!;
        var history = JsonNode.Parse(await server.Admin.GetStringAsync("/api/history"))!;
        var deploys = history["deploys"]!.AsArray();
        Assert.Equal("ready", status["status"]!.GetValue<string>());
        Assert.Equal(2, deploys.Count);
        Assert.Equal(deploys[1]!["newVersionId"]!.GetValue<string>(), status["versionId"]!.GetValue<string>());
        Assert.Equal(history["versionId"]!.GetValue<string>(), status["versionId"]!.GetValue<string>());
        foreach (var entry in deploys)
        {
            var report = JsonNode.Parse(await server.Admin.GetStringAsync("/api/reports/" + entry!["id"]!.GetValue<string>()))!;
            Assert.Equal("committed", report["outcome"]!.GetValue<string>());
            Assert.NotEmpty(report["steps"]!.AsArray());
        }

        var before = StoreFiles.LogAndSnapshots(server.Store);
        using (var unknown = await server.Admin.GetAsync("/api/reports/no-such-report"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("GET /api/history lists them", await unknown.Content.ReadAsStringAsync());
        }
        using (var notZip = await server.Admin.PostAsync("/api/deploy", new ByteArrayContent("not a zip"u8.ToArray())))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notZip.StatusCode);
            Assert.Contains("error", await notZip.Content.ReadAsStringAsync());
        }
        using (var badFlag = await server.Admin.PostAsync("/api/deploy?dry-run=maybe", new ByteArrayContent([])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badFlag.StatusCode);
            Assert.Contains("take true or false", await badFlag.Content.ReadAsStringAsync());
        }
        using (var emptyEval = await server.Admin.PostAsync("/api/eval", new StringContent(" ")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, emptyEval.StatusCode);
            Assert.Contains("C# expression over state", await emptyEval.Content.ReadAsStringAsync());
        }
        StoreFiles.AssertSame(before, StoreFiles.LogAndSnapshots(server.Store));

        using (var truncate = await server.Admin.PostAsync("/api/truncate", null))
        {
            Assert.Equal(HttpStatusCode.OK, truncate.StatusCode);
            Assert.NotNull(JsonNode.Parse(await truncate.Content.ReadAsStringAsync())!["segmentsDeleted"]);
        }
        using var backup = await server.Admin.GetAsync("/api/backup");
        Assert.Equal(HttpStatusCode.OK, backup.StatusCode);
        Assert.Equal("application/zip", backup.Content.Headers.ContentType!.MediaType);
        var zip = temp.Sub("backup.zip");
        await File.WriteAllBytesAsync(zip, await backup.Content.ReadAsByteArrayAsync());
        ZipFile.ExtractToDirectory(zip, temp.Sub("restored"));
        var verify = await ConiferCli.RunAsync("store", "verify", temp.Sub("restored"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Commands_name_an_unreachable_host_or_a_wrong_password_and_exit_2()
    {
        using var temp = new TempDirectory();
        var nobody = $"http://127.0.0.1:{FreePort.Next()}";
        var unreachable = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "history", nobody);
        Assert.Equal(2, unreachable.ExitCode);
        Assert.Contains("127.0.0.1", unreachable.StdErr);

        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        var before = StoreFiles.LogAndSnapshots(server.Store);
        foreach (var args in new[]
        {
            new[] { "history", server.AdminUrl },
            ["eval", server.AdminUrl, "state + 1"],
            ["list-functions", server.AdminUrl],
            ["apply-function", "AddToCounter", "[1]", server.AdminUrl, "--commit"],
            ["state", "export", server.AdminUrl],
        })
        {
            var wrong = await ConiferCli.RunWithPasswordAsync("not-the-password", args);
            Assert.True(wrong.ExitCode == 2, string.Join(' ', args) + ": " + wrong);
            Assert.Contains("password", wrong.StdErr, StringComparison.OrdinalIgnoreCase);
        }
        StoreFiles.AssertSame(before, StoreFiles.LogAndSnapshots(server.Store));
    }
}
