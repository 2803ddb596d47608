using BenchmarkDotNet.Attributes;
using Conifer.Compiler;

namespace Conifer.Benchmarks.Compiler;

/// <summary>
/// A deploy's compile in a running server whose compiler is already warm: each invocation
/// compiles a new version (a changed constant, so nothing is reused but the references).
/// Baseline: the counter. Target: under 200 ms.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
[MemoryDiagnoser]
public class WarmCompileBenchmarks
{
    private string _counter = "";
    private (string Path, string Text)[] _counterText = [];
    private int _version;

    [GlobalSetup]
    public void Setup()
    {
        _counter = File.ReadAllText(Path.Combine(SampleAppFolders.Find("counter"), "Backend", "App.cs"));
        var folder = SampleAppFolders.Find("counter-text");
        _counterText = [.. AppSource.FromDirectory(folder).Files.Select(f => (f.Path, f.Text))];
        AppCompiler.WarmUpAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public CompileResult Counter_new_version() =>
        AppCompiler.Compile(AppSource.FromTexts([KeyValuePair.Create("Backend/App.cs", _counter + $"\n// version {++_version}\n")]));

    [Benchmark]
    public CompileResult CounterText_new_version() =>
        AppCompiler.Compile(AppSource.FromTexts(
            _counterText.Select(f => KeyValuePair.Create(f.Path, f.Text)).Append(KeyValuePair.Create("Backend/Version.cs", $"// version {++_version}\n"))));
}
