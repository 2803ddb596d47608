using BenchmarkDotNet.Attributes;
using Conifer.Compiler;
using Conifer.Runtime;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Reports;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;

namespace Conifer.Benchmarks.Runtime;

/// <summary>
/// The deploy pause of an identity (field-copying) migration of a 1,000,000-record state, against
/// what such a pause cannot avoid: decoding the stored state as <c>Prev</c> and encoding the new
/// state, with the same mappers, alone. The Conifer figure is the whole deploy call; the report's
/// own pause is printed too.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DeployPauseBenchmarks
{
    private string _root = "";
    private LiveProcess _process = null!;
    private IValueMapper _prev = null!;
    private IValueMapper _state = null!;
    private byte[] _stored = [];
    private object? _newState;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), $"conifer-bench-deploy-{Guid.NewGuid():N}");
        _process = LiveProcess.OpenAsync(new RuntimeOptions { StoreDirectory = _root }).GetAwaiter().GetResult();
        var init = _process.DeployAsync(BenchApps.Million, DeployMode.Init, dryRun: false).GetAwaiter().GetResult();
        if (init.Outcome != DeployOutcome.Committed)
        {
            throw new InvalidOperationException(init.Error + string.Join("\n", init.Diagnostics));
        }
        var compiled = (CompileResult.Success)AppCompiler.Compile(BenchApps.Million);
        var app = compiled.App.Load();
        _prev = ValueMapper.For(app.PrevStateType!);
        _state = ValueMapper.For(app.StateType);
        _newState = ((LenientResult<object?>.Fits)_state.Deserialize(File.ReadAllBytes(LargestBlob()))).Value;
        _stored = _state.Serialize(_newState);
        Console.WriteLine($"// state: {_stored.Length:N0} bytes");
    }

    private string LargestBlob() =>
        Directory.EnumerateFiles(Path.Combine(_root, "blobs"), "*", SearchOption.AllDirectories).OrderByDescending(f => new FileInfo(f).Length).First();

    [GlobalCleanup]
    public void Cleanup()
    {
        _process.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public byte[] Decode_as_Prev_and_encode_new() =>
        _prev.Deserialize(_stored) is LenientResult<object?>.Fits ? _state.Serialize(_newState) : throw new InvalidOperationException("The state does not fit Prev.");

    [Benchmark]
    public double Deploy_identity_migration()
    {
        var report = _process.DeployAsync(BenchApps.Million, DeployMode.Migrate, dryRun: false).GetAwaiter().GetResult();
        if (report.Outcome != DeployOutcome.Committed)
        {
            throw new InvalidOperationException(report.Error);
        }
        Console.WriteLine($"// pause {report.PauseMilli:0} ms: {string.Join(", ", report.Steps.Select(s => $"{s.Name} {s.DurationMilli:0}"))}");
        return report.PauseMilli;
    }
}
