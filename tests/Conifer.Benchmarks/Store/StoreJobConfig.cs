using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Conifer.Benchmarks.Store;

/// <summary>
/// One invocation per iteration (every iteration starts from a fresh store or file), few iterations: these
/// benchmarks do real fsyncs on a shared 2-core machine.
/// </summary>
public sealed class StoreJobConfig : ManualConfig
{
    public StoreJobConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
