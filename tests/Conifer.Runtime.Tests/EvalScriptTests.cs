using System.Runtime.CompilerServices;
using Conifer.Compiler;
using Conifer.Compiler.Scripting;
using Conifer.Runtime.Admin;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Tests.Support;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Runtime.Tests;

public class EvalScriptTests
{
    private static async Task<RuntimeHarness> StartLedgerAsync()
    {
        var harness = await RuntimeHarness.StartAsync();
        var report = await harness.Process.DeployAsync(Apps.Ledger, DeployMode.Init, dryRun: false);
        Assert.Equal(DeployOutcome.Committed, report.Outcome);
        await harness.PostAsync("ann 30");
        await harness.PostAsync("bob 45");
        await harness.PostAsync("ann 15");
        return harness;
    }

    [Fact]
    public async Task A_query_reads_the_app_types_of_the_live_state()
    {
        await using var harness = await StartLedgerAsync();

        var count = await harness.Process.EvalAsync("state.Accounts.Count(a => a.Value.Active)", commit: false);
        var total = await harness.Process.EvalAsync("state.TotalMinutes", commit: false);
        var account = await harness.Process.EvalAsync("state.Accounts[\"ann\"]", commit: false);

        Assert.Equal(new Value.Int(2), Read(count));
        Assert.Equal(new Value.Int(90), Read(total));
        Assert.Equal("{\"Name\":\"ann\",\"Minutes\":45,\"Active\":true}", ValueJsonCodec.Write(Read(account)));
    }

    [Fact]
    public async Task A_script_of_several_statements_returns_its_last_expression()
    {
        await using var harness = await StartLedgerAsync();

        var result = await harness.Process.EvalAsync("""
            var ann = state.Accounts["ann"];
            int Double(int minutes) => minutes * 2;
            Double(ann.Minutes) + 1
            """, commit: false);

        Assert.Equal(new Value.Int(91), Read(result));
    }

    [Fact]
    public async Task A_committed_script_that_builds_an_app_record_is_replayed_as_written()
    {
        await using var harness = await StartLedgerAsync();

        var committed = await harness.Process.EvalAsync("""
            var bob = state.Accounts["bob"];
            return state with { Accounts = state.Accounts.SetItem("bob", bob with { Active = false, Minutes = 0 }) };
            """, commit: true);
        Assert.True(committed is AdminCallResult.Committed, committed.ToString());
        await harness.RestartAsync();

        Assert.Null(harness.Process.RestoreError);
        Assert.Equal("3 45", (await harness.SendAsync("GET", "/")).BodyText);
        Assert.Equal(new Value.Int(1), Read(await harness.Process.EvalAsync("state.Accounts.Count(a => a.Value.Active)", commit: false)));
    }

    [Fact]
    public async Task A_committed_with_expression_on_one_line_replaces_the_state()
    {
        await using var harness = await StartLedgerAsync();

        var committed = await harness.Process.EvalAsync("state with { Bookings = 100 }", commit: true);
        var misspelt = await harness.Process.EvalAsync("state with { Booking = 100 }", commit: true);

        Assert.True(misspelt is AdminCallResult.Refused { Error: var error } && error.Contains("<eval>:1:14: error CS0117", StringComparison.Ordinal), misspelt.ToString());
        Assert.True(committed is AdminCallResult.Committed, committed.ToString());
        Assert.Equal("100 90", (await harness.SendAsync("GET", "/")).BodyText);
    }

    [Theory]
    [InlineData("state.Bookings + DateTime.Now.Second", false, "<eval>:1:27: error CNF0201")]
    [InlineData("var text = System.IO.File.ReadAllText(\"/etc/hostname\");\nstate", true, "<eval>:1:22: error CNF0204")]
    [InlineData("var n = state.Bookings;\nn.NoSuchMember", false, "<eval>:2:3: error CS1061")]
    [InlineData("state.Bookings", true, "must return the app's State")]
    [InlineData("#r \"System.Net.Http\"\nstate", false, "<eval>:1:1: error CS7099: Metadata references are not supported")]
    [InlineData("#load \"/etc/hostname\"\nstate", false, "<eval>:1:1: error CS8099: Source file references are not supported")]
    [InlineData("await System.Threading.Tasks.Task.Yield();\nstate", false, "<eval>:1:1: error CNF0208")]
    public async Task A_script_that_does_not_compile_or_breaks_a_rule_changes_nothing_and_says_where(string source, bool commit, string error)
    {
        await using var harness = await StartLedgerAsync();
        var before = harness.Process.LastSequence;

        var result = await harness.Process.EvalAsync(source, commit);

        var refused = Assert.IsType<AdminCallResult.Refused>(result);
        Assert.Equal(AdminRefusal.DoesNotCompile, refused.Reason);
        Assert.True(refused.Error.Contains(error, StringComparison.Ordinal), refused.Error);
        Assert.Equal(before, harness.Process.LastSequence);
    }

    [Fact]
    public async Task A_script_that_throws_or_runs_past_the_time_limit_changes_nothing_and_says_why()
    {
        await using var harness = await StartLedgerAsync();
        await harness.RestartAsync(o => o with { MigrationTimeout = TimeSpan.FromMilliseconds(200) });
        var before = harness.Process.LastSequence;

        var threw = await harness.Process.EvalAsync("state.Accounts[\"nobody\"]", commit: false);
        // Some billion steps: far past 200 ms, and finite, since a thread that runs away cannot be stopped.
        var looped = await harness.Process.EvalAsync("""
            var sum = 0L;
            for (var i = 0L; i < 3_000_000_000L; i++) { sum += i % 7; }
            return state with { Bookings = (int)(sum % 2) };
            """, commit: true);

        var thrown = Assert.IsType<AdminCallResult.Refused>(threw);
        Assert.Equal(AdminRefusal.Threw, thrown.Reason);
        Assert.Contains("KeyNotFoundException", thrown.Error, StringComparison.Ordinal);
        var timedOut = Assert.IsType<AdminCallResult.Refused>(looped);
        Assert.Equal(AdminRefusal.TimedOut, timedOut.Reason);
        Assert.Equal(before, harness.Process.LastSequence);
        Assert.Equal("3 90", (await harness.SendAsync("GET", "/")).BodyText);
    }

    [Fact]
    public void A_script_goes_away_with_the_version_it_ran_under()
    {
        var weak = CompileRunAndUnload();
        for (var i = 0; i < 10 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(weak.IsAlive);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference CompileRunAndUnload()
    {
        var app = Assert.IsType<CompileResult.Success>(AppCompiler.Compile(Apps.Ledger)).App.Load();
        var script = ScriptCompiler.Compile(app, "state with { Bookings = state.Bookings + 1 }", mustReturnState: true);
        Assert.True(script.Run is not null, string.Join("\n", script.Errors));
        var next = script.Run(app.Init().State);
        Assert.Equal(1, next!.GetType().GetProperty("Bookings")!.GetValue(next));
        var weak = new WeakReference(app.Assembly);
        app.Unload();
        return weak;
    }

    private static Value Read(AdminCallResult result)
    {
        Assert.True(result is AdminCallResult.Read, result.ToString());
        return ((AdminCallResult.Read)result).Result;
    }
}
