using Conifer.Runtime.Deploy;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Tests.Support;

namespace Conifer.Runtime.Tests;

public class RestoreTests
{
    [Fact]
    public async Task A_history_that_cannot_be_replayed_opens_degraded_and_a_deploy_with_init_mends_it()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("5");
        await harness.Process.DisposeAsync();
        // Without its compiled assembly and its source the version cannot be loaded again.
        Directory.Delete(Path.Combine(harness.Directory, "compiled"), recursive: true);
        Directory.Delete(Path.Combine(harness.Directory, "blobs"), recursive: true);

        await harness.RestartAsync();

        Assert.NotNull(harness.Process.RestoreError);
        Assert.Contains("missing from the store", harness.Process.RestoreError);
        Assert.Equal(503, (await harness.SendAsync("GET", "/")).StatusCode);
        var migrate = await harness.Process.DeployAsync(Apps.Counter, DeployMode.Migrate, dryRun: false);
        Assert.Equal(DeployOutcome.Rejected, migrate.Outcome);
        Assert.Contains("--init-app-state", migrate.Error);
        var init = await harness.Process.DeployAsync(Apps.Counter, DeployMode.Init, dryRun: false);
        Assert.Equal(DeployOutcome.Committed, init.Outcome);
        Assert.Null(harness.Process.RestoreError);
        Assert.Equal("3", await harness.PostAsync("3"));

        await harness.RestartAsync();

        Assert.Null(harness.Process.RestoreError);
        Assert.Equal("4", await harness.PostAsync("1"));
    }

    [Fact]
    public async Task A_restart_after_a_deploy_loads_the_state_it_produced_without_migrating_again()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("14");
        var redeploy = await harness.Process.DeployAsync(Apps.CounterAgain, DeployMode.Migrate, dryRun: false);
        Assert.Equal(DeployOutcome.Committed, redeploy.Outcome);

        await harness.RestartAsync();

        Assert.Equal("15", await harness.PostAsync("1"));
        Assert.Equal(2, harness.Process.Reports.All().Count);
    }

    [Fact]
    public async Task Snapshots_written_under_load_restore_the_same_state()
    {
        await using var harness = await RuntimeHarness.StartAsync(o => o with { SnapshotEveryRecords = 25 });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await harness.PostAsync("1");
            }
        })));
        await harness.RestartAsync(o => o with { SnapshotEveryRecords = 25 });

        Assert.Equal("320", (await harness.SendAsync("GET", "/")).BodyText);
        Assert.NotEmpty(Directory.EnumerateFiles(harness.Directory, "snap-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_set_state_survives_a_restart_and_a_misfit_changes_nothing()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("5");

        var applied = await harness.Process.SetStateAsync(new Values.Value.Int(40));
        var refused = await harness.Process.SetStateAsync(new Values.Value.String("forty"));
        await harness.RestartAsync();

        Assert.IsType<SetStateResult.Applied>(applied);
        var errors = Assert.IsType<SetStateResult.Refused>(refused).Errors;
        Assert.Contains(errors, e => e.StartsWith("$: stored String", StringComparison.Ordinal));
        Assert.Equal("42", await harness.PostAsync("2"));
    }
}
