using System.Text.Json.Nodes;
using Conifer.Cli.Tests.Harness;
using Conifer.Compiler;

namespace Conifer.Cli.Tests.Determinism;

/// <summary><c>conifer store verify DIR --replay --other-environment</c>, as a user runs it.</summary>
public class OtherEnvironmentVerifyTests
{
    [Fact]
    public async Task Verify_with_other_environment_replays_in_a_second_process_and_says_every_record_gives_the_same_state()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        await RecordedStores.RecordAsync(AppSource.FromDirectory(RepoPaths.SampleApp("counter")), store);

        var text = await ConiferCli.RunAsync("store", "verify", store, "--replay", "--other-environment");
        var json = await ConiferCli.RunAsync("store", "verify", store, "--replay", "--other-environment", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Replayed again in another environment (", text.StdOut);
        Assert.Contains("DOTNET_EnableHWIntrinsic=0", text.StdOut);
        Assert.Contains("TZ=Pacific/Chatham", text.StdOut);
        Assert.Contains("record(s) give the same state.", text.StdOut);
        Assert.True(json.ExitCode == 0, json.ToString());
        var other = JsonNode.Parse(json.StdOut)!["otherEnvironment"]!;
        Assert.True(other["matches"]!.GetValue<bool>());
        Assert.True(other["recordsCompared"]!.GetValue<long>() >= 3);
    }

    [Fact]
    public async Task Other_environment_without_replay_is_a_usage_error_that_says_to_add_replay()
    {
        using var temp = new TempDirectory();

        var result = await ConiferCli.RunAsync("store", "verify", temp.Path, "--other-environment");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("add --replay", result.StdErr);
    }

    [Fact]
    public async Task A_process_with_ICU_turned_back_on_does_not_run_app_code_and_says_which_variable_to_unset()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        await RecordedStores.RecordAsync(AppSource.FromDirectory(RepoPaths.SampleApp("counter")), store);

        var result = await ConiferCli.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "false" }, "store", "verify", store, "--replay");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("unset DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", result.Output);
    }
}
