using System.Text.Json;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class ProgressOutputTests
{
    [Fact]
    public async Task Deploy_upload_shows_plain_progress_lines_on_stderr_and_json_output_stays_pure()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));

        var json = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter-text"), server.AdminUrl, "--dry-run", "--json");
        var plain = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter-text"), server.AdminUrl);

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("dryRunPassed", JsonDocument.Parse(json.StdOut).RootElement.GetProperty("outcome").GetString());
        Assert.Equal(string.Empty, json.StdErr);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        var lines = plain.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("Deploying: uploading 0% (0 of ", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("Deploying: uploading 100% (", StringComparison.Ordinal));
        Assert.Equal("Deploying: waiting for the server (compiling, checking, migrating)", lines[^1]);
        Assert.DoesNotContain("Deploying", plain.StdOut);
    }

    [Fact]
    public async Task Migrate_test_shows_each_step_on_stderr_and_json_output_stays_pure()
    {
        using var temp = new TempDirectory();
        var state = temp.Sub("state.json");
        await File.WriteAllTextAsync(state, "14");

        var plain = await ConiferCli.RunAsync("migrate", "test", RepoPaths.SampleApp("counter-text"), "--state", state);
        var json = await ConiferCli.RunAsync("migrate", "test", RepoPaths.SampleApp("counter-text"), "--state", state, "--json");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal(
            [
                "Migrate test: reading the state (step 1 of 5)",
                "Migrate test: compiling (step 2 of 5)",
                "Migrate test: reading the state as Prev (lenient check) (step 3 of 5)",
                "Migrate test: running Migrate (step 4 of 5)",
                "Migrate test: encoding the new state (step 5 of 5)",
            ],
            plain.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Migration test passed", plain.StdOut);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("dryRunPassed", JsonDocument.Parse(json.StdOut).RootElement.GetProperty("report").GetProperty("outcome").GetString());
        Assert.Equal(string.Empty, json.StdErr);
    }
}
