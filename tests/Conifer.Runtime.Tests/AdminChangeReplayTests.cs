using Conifer.Runtime.Admin;
using Conifer.Runtime.Tests.Support;
using Conifer.Values;

namespace Conifer.Runtime.Tests;

public class AdminChangeReplayTests
{
    [Fact]
    public async Task A_committed_eval_is_one_record_replayed_as_written_and_a_dry_run_logs_nothing()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("5");
        var before = harness.Process.LastSequence;

        var dryRun = await harness.Process.EvalAsync("state * 10", commit: false);
        var afterDryRun = harness.Process.LastSequence;
        var committed = await harness.Process.EvalAsync("state * 10", commit: true);

        Assert.Equal(new Value.Int(50), Assert.IsType<AdminCallResult.Read>(dryRun).Result);
        Assert.Equal(before, afterDryRun);
        Assert.Equal(before + 1, Assert.IsType<AdminCallResult.Committed>(committed).Sequence);
        Assert.Equal("51", await harness.PostAsync("1"));

        await harness.RestartAsync();

        Assert.Null(harness.Process.RestoreError);
        Assert.Equal("52", await harness.PostAsync("1"));
    }
}
