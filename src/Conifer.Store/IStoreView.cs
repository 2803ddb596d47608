namespace Conifer.Store;

/// <summary>
/// A store opened to read, without its lock or lease and without writing a byte: what tools need to rebuild a state
/// from a store a server may own (<c>state export</c>, <c>history</c>, <c>migrate test --process-store</c>, <c>store verify --replay</c>).
/// </summary>
public interface IStoreView : IAsyncDisposable
{
    /// <summary>What the store holds as a restart would find it (a torn tail is reported, not cut).</summary>
    RecoveryResult Recovery { get; }

    /// <summary>The store's blobs; every write throws.</summary>
    IProcessStore Blobs { get; }

    /// <summary>The deploy reports kept with the store.</summary>
    IReportShelf Reports { get; }

    /// <summary>A folder of compiled versions to seed a temporary cache from (copied, never written), or null.</summary>
    string? CompiledCacheDirectory { get; }

    /// <summary>Where the store is, for people.</summary>
    string Location { get; }
}
