using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Conifer.Compiler;
using Conifer.Runtime;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Rehearsal;
using Conifer.Runtime.Reports;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Benchmarks.Runtime;

/// <summary>
/// <c>migrate test</c>'s steps 3–4 (read the stored document as <c>Prev</c>, migrate, check) for
/// hours v2 → v3 on a state of 1,000,000 hour entries, against the runtime's in-process deploy
/// pause of the same migration (a dry run, which runs the same steps under the writer and keeps
/// the state). Each run prints its time per phase.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class MigrateTestBenchmarks
{
    private const int Entries = 1_000_000;
    private string _root = "";
    private LiveProcess _process = null!;
    private AppSource _v3 = null!;
    private LoadedApp _v3App = null!;
    private byte[] _stored = [];

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), $"conifer-bench-migrate-{Guid.NewGuid():N}");
        var hours = Compiler.SampleAppFolders.Find("hours");
        _v3 = AppSource.FromDirectory(Path.Combine(hours, "v3"));
        _v3App = ((CompileResult.Success)AppCompiler.Compile(_v3)).App.Load();
        var tree = HoursV2State();
        _stored = ValueMessagePackCodec.Encode(tree);
        _process = LiveProcess.OpenAsync(new RuntimeOptions { StoreDirectory = _root }).GetAwaiter().GetResult();
        Check(_process.DeployAsync(AppSource.FromDirectory(Path.Combine(hours, "v2")), DeployMode.Init, dryRun: false).GetAwaiter().GetResult());
        if (_process.SetStateAsync(tree).GetAwaiter().GetResult() is not SetStateResult.Applied)
        {
            throw new InvalidOperationException("The generated v2 state does not fit hours v2.");
        }
        Console.WriteLine($"// hours v2 state: {Entries:N0} entries, {_stored.Length:N0} bytes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _process.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public double Deploy_pause_in_process()
    {
        var report = Check(_process.DeployAsync(_v3, DeployMode.Migrate, dryRun: true).GetAwaiter().GetResult());
        Console.WriteLine($"// deploy pause {report.PauseMilli:0} ms: {Phases(report)}");
        return report.PauseMilli;
    }

    [Benchmark]
    public double Migrate_test_steps()
    {
        var result = MigrationRehearsal.Run(_v3App, _stored);
        Check(result.Report);
        Console.WriteLine($"// migrate test {result.Report.TotalMilli:0} ms: {Phases(result.Report)}");
        return result.Report.TotalMilli;
    }

    private static string Phases(DeployReport report) => string.Join(", ", report.Steps.Select(s => $"{s.Name} {s.DurationMilli:0}"));

    private static DeployReport Check(DeployReport report) =>
        report.Outcome == DeployOutcome.Rejected ? throw new InvalidOperationException(report.Error + string.Join("\n", report.Mismatches.Take(5))) : report;

    private static Value HoursV2State()
    {
        static Value.String S(string text) => new(text);
        static Field F(string name, Value value) => new(name, value);
        var users = Enumerable.Range(0, 100).Select(i => KeyValuePair.Create<Value, Value>(S($"user{i:D3}"), new Value.Record(
        [
            F("Name", S($"user{i:D3}")), F("Salt", S($"salt{i}")), F("PasswordHash", S(new string('a', 64))),
            F("Roles", new Value.List([new Value.Tagged("Worker")])),
        ])));
        var projects = Enumerable.Range(0, 100).Select(i => KeyValuePair.Create<Value, Value>(S($"P{i:D3}"), new Value.Record(
        [
            F("Code", S($"P{i:D3}")), F("Name", S($"Project {i}")), F("Status", new Value.Tagged("Active")),
        ])));
        var entries = new Value[Entries];
        for (var i = 0; i < Entries; i++)
        {
            entries[i] = new Value.Record(
            [
                F("Id", new Value.Int(i + 1)), F("User", S($"user{i % 100:D3}")), F("Project", S($"P{i * 7 % 100:D3}")),
                F("Date", S($"2026-{1 + (i % 12):D2}-{1 + (i % 28):D2}")), F("Minutes", new Value.Int(30 + (i % 8 * 15))), F("Note", S("work")),
            ]);
        }
        return new Value.Record(
        [
            F("Users", new Value.Dict([.. users])),
            F("Projects", new Value.Dict([.. projects])),
            F("Entries", new Value.List(ImmutableArray.Create(entries))),
            F("Sessions", Value.Dict.Empty),
            F("NextEntryId", new Value.Int(Entries + 1)),
        ]);
    }
}
