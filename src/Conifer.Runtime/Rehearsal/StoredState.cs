using System.Collections.Immutable;
using Conifer.Compiler;
using Conifer.Values;

namespace Conifer.Runtime.Rehearsal;

/// <summary>A store's current state as <see cref="StoreReader"/> rebuilt it, without writing to the store.</summary>
/// <param name="VersionId">The running version's id; null when nothing is deployed.</param>
/// <param name="State">The state as a tree; null when nothing is deployed.</param>
/// <param name="App">The running version, loaded (its <c>Migrate</c> turns a state of the version before it into this one's); null when nothing is deployed.</param>
/// <param name="DeployedVersions">The version ids of the deploy records still in the log, oldest first (a truncated log may have lost earlier ones).</param>
/// <param name="LastSequence">The last record the state includes.</param>
public sealed record StoredState(string? VersionId, Value? State, LoadedApp? App, ImmutableArray<string> DeployedVersions, long LastSequence)
{
    /// <summary>
    /// What the next writable open of the store would repair (a torn tail it cuts, a damaged snapshot it skips): the
    /// state read here is the one after those repairs, so a reader should be told.
    /// </summary>
    public IReadOnlyList<Conifer.Store.Repairs.StoreRepair> PendingRepairs { get; init; } = [];

    /// <summary>Acknowledged records the log no longer holds (it ends before the store's high-water mark); 0 when none are lost.</summary>
    public long RecordsLost { get; init; }

    /// <summary>The version deployed before the running one, when the log still holds both deploy records.</summary>
    public string? PreviousVersionId =>
        DeployedVersions.Length >= 2 && DeployedVersions[^1] == VersionId ? DeployedVersions[^2] : null;
}
