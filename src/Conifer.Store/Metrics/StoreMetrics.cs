using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Conifer.Store.Metrics;

/// <summary>
/// The group-commit writer's instruments on the <c>Conifer.Store</c> meter: how many records each sync made durable
/// and how long the sync took. Recorded once per batch on the writer thread, not once per append; with no listener a
/// recording is a flag check, and with one it allocates nothing.
/// </summary>
internal sealed class StoreMetrics : IDisposable
{
    // Powers of two up to the largest batch (StoreOptions.MaxBatchRecords may go to 65,536).
    private static readonly IReadOnlyList<int> s_batchBounds = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 16_384, 65_536];

    // An fsync on an SSD takes ~0.1-1 ms; OpenTelemetry's default bounds (0, 5, 10, 25 ms ...) would put nearly every
    // sync into one bucket.
    // Seconds, as Prometheus and the OpenTelemetry conventions have durations: 0.05 ms … 5 s.
    private static readonly IReadOnlyList<double> s_syncBounds = [0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 5];

    private readonly Meter _meter;
    private readonly Histogram<int> _batchRecords;
    private readonly Histogram<double> _syncDuration;
    private readonly Dictionary<Repairs.StoreRepairKind, long> _repairs = [];

    public StoreMetrics(string directory)
    {
        // Tagged with the store directory, like the runtime's meter, so that several stores in one process stay apart.
        _meter = new Meter(new MeterOptions(FileProcessStore.MeterName) { Tags = [new("conifer.store", directory)] });
        _batchRecords = _meter.CreateHistogram(
            "conifer.store.batch.records",
            "{record}",
            "Records made durable by one write and one sync (the group-commit batch size).",
            tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = s_batchBounds });
        _syncDuration = _meter.CreateHistogram(
            "conifer.store.sync.duration",
            "s",
            "How long the sync (fdatasync) of one group-commit batch took.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = s_syncBounds });
        _meter.CreateObservableCounter(
            "conifer.store.repairs",
            ObserveRepairs,
            "{repair}",
            "Repairs the open of this store made, by kind (torn-tail-cut, snapshot-skipped, data-loss-accepted); any at all deserves a look at the server log.");
    }

    /// <summary>Counts the repairs the open made (observed by the <c>conifer.store.repairs</c> counter).</summary>
    public void Repaired(IEnumerable<Repairs.StoreRepair> repairs)
    {
        lock (_repairs)
        {
            foreach (var repair in repairs)
            {
                _repairs[repair.Kind] = _repairs.GetValueOrDefault(repair.Kind) + 1;
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveRepairs()
    {
        lock (_repairs)
        {
            return [.. _repairs.Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("kind", Kebab(r.Key))))];
        }
    }

    private static string Kebab(Repairs.StoreRepairKind kind) => kind switch
    {
        Repairs.StoreRepairKind.TornTailCut => "torn-tail-cut",
        Repairs.StoreRepairKind.SnapshotSkipped => "snapshot-skipped",
        Repairs.StoreRepairKind.DataLossAccepted => "data-loss-accepted",
        _ => throw new InvalidOperationException($"{nameof(StoreMetrics)}.{nameof(Kebab)}: unhandled kind {kind}"),
    };

    /// <summary>Records one durable batch: its record count and the sync between two <see cref="Stopwatch"/> timestamps.</summary>
    public void BatchDurable(int records, long syncStarted, long syncEnded)
    {
        _batchRecords.Record(records);
        _syncDuration.Record(Stopwatch.GetElapsedTime(syncStarted, syncEnded).TotalSeconds);
    }

    public void Dispose() => _meter.Dispose();
}
