using BenchmarkDotNet.Running;

namespace Conifer.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project tests/Conifer.Benchmarks -- --filter '*'</c>; the replicated
/// store's whole-process measurements with <c>-- replication</c> (see <see cref="Replication.ReplicationMeasurements"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["replication", ..])
        {
            return Replication.ReplicationMeasurements.RunAsync(args.Length > 1 ? args[1] : null).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
