using Conifer.Runtime.Deploy;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Revert;
using Conifer.Runtime.Tests.Support;

namespace Conifer.Runtime.Tests;

public class RevertTests
{
    [Fact]
    public async Task Revert_returns_to_the_code_and_state_a_deploy_produced_and_survives_a_restart()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("3");
        var counterDeploy = await DeployAsync(harness, Apps.CounterAgain);
        var textDeploy = await DeployAsync(harness, Apps.CounterText);
        await harness.PostAsync("a");
        Assert.Equal("3-a-b", await harness.PostAsync("b"));

        var finished = Assert.IsType<RevertResult.Finished>(await harness.Process.RevertAsync(counterDeploy.ToString(), dryRun: false));

        var report = finished.Report;
        Assert.Equal(DeployOutcome.Committed, report.Outcome);
        Assert.Equal("revert", report.Mode);
        Assert.Equal(harness.Process.LastSequence, report.Sequence);
        Assert.Equal(new RevertPlan(counterDeploy, report.Revert!.ToReportId, harness.Process.VersionId!, report.Revert.DeployedAt, 2, 0, 1, textDeploy + 2), report.Revert);
        Assert.Equal("3", (await harness.SendAsync("GET", "/")).BodyText);
        Assert.Equal("7", await harness.PostAsync("4"));
        Assert.Equal(report.Sequence, harness.Process.Reports.Find(report.Id)?.Sequence);

        await harness.RestartAsync();

        Assert.Null(harness.Process.RestoreError);
        Assert.Equal("8", await harness.PostAsync("1"));
    }

    [Fact]
    public async Task A_revert_is_itself_a_deploy_that_a_later_revert_returns_to_or_past()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("3");
        var textDeploy = await DeployAsync(harness, Apps.CounterText);
        await harness.PostAsync("a");

        var first = Assert.IsType<RevertResult.Finished>(await harness.Process.RevertAsync("1", dryRun: false)).Report;
        await harness.PostAsync("5");
        var back = Assert.IsType<RevertResult.Finished>(await harness.Process.RevertAsync(textDeploy.ToString(), dryRun: false)).Report;

        Assert.Equal(DeployOutcome.Committed, back.Outcome);
        Assert.Equal("3-c", await harness.PostAsync("c"));

        var again = Assert.IsType<RevertResult.Finished>(await harness.Process.RevertAsync(first.Id, dryRun: false)).Report;

        Assert.Equal(DeployOutcome.Committed, again.Outcome);
        Assert.Equal(first.Sequence, again.Revert!.ToSequence);
        Assert.Equal("0", (await harness.SendAsync("GET", "/")).BodyText);
        await harness.RestartAsync();
        Assert.Equal("2", await harness.PostAsync("2"));
    }

    [Fact]
    public async Task Requests_during_a_revert_are_all_answered_and_the_state_after_a_restart_is_the_state_before_it()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("3");
        await DeployAsync(harness, Apps.CounterText);

        var load = Enumerable.Range(0, 200).Select(_ => harness.SendAsync("POST", "/", "x")).ToList();
        var revert = await harness.Process.RevertAsync("1", dryRun: false);
        var responses = await Task.WhenAll(load);

        Assert.Equal(DeployOutcome.Committed, Assert.IsType<RevertResult.Finished>(revert).Report.Outcome);
        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
        var live = (await harness.Process.ReadStateAsync()).State;
        await harness.RestartAsync();
        Assert.Equal(live, (await harness.Process.ReadStateAsync()).State);
    }

    [Fact]
    public async Task A_dry_run_counts_what_would_be_discarded_and_changes_nothing()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("3");
        await harness.Process.EvalAsync("state + 1", commit: true);
        var last = harness.Process.LastSequence;

        var planned = Assert.IsType<RevertResult.Planned>(await harness.Process.RevertAsync("1", dryRun: true));

        Assert.Equal(1, planned.Plan.DiscardedEvents);
        Assert.Equal(1, planned.Plan.DiscardedAdminChanges);
        Assert.Equal(0, planned.Plan.DiscardedDeploys);
        Assert.Equal(last, planned.Plan.ThroughSequence);
        Assert.Equal(last, harness.Process.LastSequence);
        Assert.Equal("4", (await harness.SendAsync("GET", "/")).BodyText);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("2")]
    [InlineData("0")]
    [InlineData("no-such-report")]
    public async Task An_id_that_names_no_committed_deploy_is_refused_listing_the_deploys_there_are(string id)
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("3");
        var last = harness.Process.LastSequence;

        var unknown = Assert.IsType<RevertResult.UnknownDeploy>(await harness.Process.RevertAsync(id, dryRun: false));

        Assert.Contains("record 1 (report ", unknown.Error);
        Assert.Equal(1, Assert.Single(unknown.Known).Sequence);
        Assert.Equal(last, harness.Process.LastSequence);
        Assert.Equal("3", (await harness.SendAsync("GET", "/")).BodyText);
    }

    [Fact]
    public async Task A_deploy_whose_record_was_truncated_away_cannot_be_returned_to()
    {
        await using var harness = await RuntimeHarness.StartAsync(o => o with { SnapshotEveryRecords = 5, StoreOptions = o.StoreOptions! with { SegmentBytes = 256 } });
        for (var i = 0; i < 12; i++)
        {
            await harness.PostAsync("1");
        }
        // A snapshot is written in the background after enough records; wait for one before truncating.
        var truncated = await TruncateOnceASnapshotExistsAsync(harness);
        var last = harness.Process.LastSequence;

        var unavailable = Assert.IsType<RevertResult.Unavailable>(await harness.Process.RevertAsync("1", dryRun: false));

        // The log starts at the first record of the oldest segment kept: after deploy record 1, at
        // or before the first record the snapshot does not cover (a segment goes only when wholly covered).
        var startsAt = System.Text.RegularExpressions.Regex.Match(unavailable.Error, @"the log now starts at record (\d+)");
        Assert.True(startsAt.Success, unavailable.Error);
        Assert.InRange(long.Parse(startsAt.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 2, truncated);
        Assert.Equal(last, harness.Process.LastSequence);
        Assert.Equal("12", (await harness.SendAsync("GET", "/")).BodyText);
    }

    private static async Task<long> TruncateOnceASnapshotExistsAsync(RuntimeHarness harness)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var result = await harness.Process.TruncateAsync();
            if (result.SegmentsDeleted > 0)
            {
                return result.KeptFromSnapshot!.CoversThroughSequence + 1;
            }
            await harness.PostAsync("0");
            await Task.Delay(20);
        }
        throw new InvalidOperationException("No segment was ever truncated.");
    }

    private static async Task<long> DeployAsync(RuntimeHarness harness, Compiler.AppSource app)
    {
        var report = await harness.Process.DeployAsync(app, DeployMode.Migrate, dryRun: false);
        Assert.True(report.Outcome == DeployOutcome.Committed, report.Error);
        return report.Sequence!.Value;
    }
}
