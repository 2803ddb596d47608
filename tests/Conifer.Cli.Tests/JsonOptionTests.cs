using System.Text.Json;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary><c>--json</c> on the commands that print a result: one JSON document on standard output.</summary>
public class JsonOptionTests
{
    [Fact]
    public async Task Export_store_copy_and_truncate_print_their_result_as_json()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("14");
        var file = temp.Sub("state.json");

        var export = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "state", "export", server.AdminUrl, "--out", file, "--json");
        var copy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "store", "copy", server.AdminUrl, temp.Sub("copy"), "--json");
        var truncate = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "store", "truncate", temp.Sub("copy"), "--json");

        Assert.True(export.ExitCode == 0, export.ToString());
        using var exported = JsonDocument.Parse(export.StdOut);
        Assert.Equal(file, exported.RootElement.GetProperty("file").GetString());
        Assert.Equal("json", exported.RootElement.GetProperty("format").GetString());
        Assert.Equal(64, exported.RootElement.GetProperty("versionId").GetString()!.Length);
        Assert.True(copy.ExitCode == 0, copy.ToString());
        using var copied = JsonDocument.Parse(copy.StdOut);
        Assert.True(copied.RootElement.GetProperty("live").GetBoolean());
        Assert.Equal(temp.Sub("copy"), copied.RootElement.GetProperty("destination").GetString());
        Assert.True(truncate.ExitCode == 0, truncate.ToString());
        using var truncated = JsonDocument.Parse(truncate.StdOut);
        Assert.True(truncated.RootElement.TryGetProperty("bytesFreed", out _));
    }
}
