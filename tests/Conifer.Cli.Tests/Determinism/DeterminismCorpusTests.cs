using Conifer.Cli.Tests.Harness;
using Conifer.Compiler;
using Conifer.Runtime.Verification;

namespace Conifer.Cli.Tests.Determinism;

/// <summary>
/// The determinism corpus: every tricky program is either refused at its marked line with the rule and a fix, or
/// accepted and replayed, with every sample app, in a second process set up like another machine, giving the same
/// state after every record.
/// </summary>
public class DeterminismCorpusTests
{
    private static readonly string[] SampleApps = ["counter", "counter-text", "counter-bad-migration", "hours/v1", "hours/v2", "hours/v3"];

    [Fact]
    public void The_corpus_holds_at_least_40_programs_each_saying_what_stops_it()
    {
        Assert.True(CorpusProgram.All.Count >= 40, $"{CorpusProgram.All.Count} programs");
        Assert.All(CorpusProgram.All, p => Assert.False(string.IsNullOrWhiteSpace(p.Stops), $"{p.Name} does not say what stops it"));
        Assert.All(CorpusProgram.All.Where(p => !p.IsAccepted), p => Assert.StartsWith(p.ExpectedId!, p.Stops, StringComparison.Ordinal));
        Assert.Contains(CorpusProgram.All, p => p.IsAccepted);
    }

    [Theory]
    [MemberData(nameof(CorpusProgram.Refused), MemberType = typeof(CorpusProgram))]
    public void A_refused_program_is_rejected_at_its_marked_line_naming_the_rule_and_what_to_do_instead(string name)
    {
        var program = CorpusProgram.Named(name);

        var result = AppCompiler.Compile(AppSource.FromTexts([KeyValuePair.Create(CorpusProgram.AppPath, program.Text)]));

        var failure = Assert.IsType<CompileResult.Failure>(result);
        var diagnostic = Assert.Single(failure.Diagnostics, d => d.Id == program.ExpectedId && d.File == CorpusProgram.AppPath && d.Line == program.ExpectedLine);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Hint));
        Assert.StartsWith($"{CorpusProgram.AppPath}:{program.ExpectedLine}:", diagnostic.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepted_programs_and_every_sample_app_give_the_same_state_after_every_record_in_another_environment()
    {
        using var temp = new TempDirectory();
        var apps = CorpusProgram.All.Where(p => p.IsAccepted)
            .Select(p => (p.Name, Source: AppSource.FromTexts([KeyValuePair.Create(CorpusProgram.AppPath, p.Text)])))
            .Concat(SampleApps.Select(s => (Name: "sample-" + s.Replace('/', '-'), Source: AppSource.FromDirectory(RepoPaths.SampleApp(s)))))
            .ToList();
        var stores = new List<string>();
        foreach (var (name, source) in apps)
        {
            var store = temp.Sub(name);
            await RecordedStores.RecordAsync(source, store);
            stores.Add(store);
        }

        // One child per environment replays every store: the CLI and Roslyn start twice, not twice per app.
        var reports = await OtherEnvironmentReplay.RunAsync(stores, ["dotnet", RepoPaths.CliDll], TimeSpan.FromMinutes(10), hereInChild: true);

        Assert.All(apps.Zip(reports), pair =>
        {
            var (app, report) = pair;
            Assert.True(report.Matches, $"{app.Name}: {report}");
            // The deploy and at least two events that changed the state.
            Assert.True(report.RecordsCompared >= 3, $"{app.Name}: {report.RecordsCompared} record(s)");
        });
    }
}
