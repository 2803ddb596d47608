namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// The fault catalogue's tests run one at a time and alone: they time leases of two seconds on a small machine, and a
/// neighbour hogging the CPU would make a healthy primary miss its lease, which is not the fault under test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicationFaultCollection
{
    public const string Name = "replication faults";
}
