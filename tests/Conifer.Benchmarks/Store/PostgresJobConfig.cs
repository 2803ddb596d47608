using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Conifer.Benchmarks.Store;

/// <summary>
/// <see cref="StoreJobConfig"/>'s job (one invocation per iteration, few iterations: every commit is a real fsync
/// on a shared machine) plus a rows/s column, the unit PostgreSQL append throughput is compared in.
/// </summary>
public sealed class PostgresJobConfig : ManualConfig
{
    public PostgresJobConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new RowsPerSecondColumn());
    }
}
