using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Conifer.Compiler;

namespace Conifer.Benchmarks.Compiler;

/// <summary>
/// The first compile in a fresh process (what a server pays on its first deploy unless
/// <see cref="AppCompiler.WarmUpAsync"/> ran at start): every launch is a new process and the
/// single measured invocation is the first, so Roslyn's JIT is included. Baseline: the counter.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1)]
[MemoryDiagnoser]
public class ColdCompileBenchmarks
{
    private AppSource _counter = null!;
    private AppSource _counterText = null!;

    [GlobalSetup]
    public void Setup()
    {
        _counter = AppSource.FromDirectory(SampleAppFolders.Find("counter"));
        _counterText = AppSource.FromDirectory(SampleAppFolders.Find("counter-text"));
    }

    [Benchmark(Baseline = true)]
    public CompileResult Counter_first_compile_in_process() => AppCompiler.Compile(_counter);

    [Benchmark]
    public CompileResult CounterText_first_compile_in_process() => AppCompiler.Compile(_counterText);
}
