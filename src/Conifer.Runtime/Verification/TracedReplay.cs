namespace Conifer.Runtime.Verification;

/// <summary>One store replayed with its trace: what <c>conifer store replay-trace</c> prints, one JSON line per store.</summary>
/// <param name="Store">The store directory.</param>
/// <param name="Report">The replay's own comparison with the store's checkpoints; null when it could not run.</param>
/// <param name="Trace">The state after each record replayed, in order.</param>
/// <param name="Error">Why the replay could not run; null when it ran.</param>
public sealed record TracedReplay(string Store, ReplayReport? Report, IReadOnlyList<RecordState> Trace, string? Error)
{
    /// <summary>Replays <paramref name="store"/> in this process and keeps the state after each record.</summary>
    public static async Task<TracedReplay> RunAsync(string store)
    {
        var trace = new List<RecordState>();
        try
        {
            var report = await ReplayVerifier.RunAsync(store, trace: trace).ConfigureAwait(false);
            return new TracedReplay(store, report, trace, null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or global::Conifer.Store.Exceptions.StoreCorruptException or global::Conifer.Store.Exceptions.StoreFormatVersionException or DirectoryNotFoundException)
        {
            return new TracedReplay(store, null, trace, e.Message);
        }
    }
}
