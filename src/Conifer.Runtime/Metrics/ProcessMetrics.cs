using System.Diagnostics.Metrics;
using Conifer.Runtime.Writer;
using Conifer.Store;

namespace Conifer.Runtime.Metrics;

/// <summary>
/// The process's instruments on the <c>Conifer.Runtime</c> meter (System.Diagnostics.Metrics, which
/// OpenTelemetry's <c>AddMeter</c> and <c>dotnet-counters</c> read). Observable instruments read
/// fields the writer and the store already keep, so measuring costs the hot path nothing. The
/// group-commit batch size and sync duration are on the store's own meter (<see cref="FileProcessStore.MeterName"/>).
/// </summary>
internal sealed class ProcessMetrics : IDisposable
{
    // Seconds, as Prometheus and the OpenTelemetry conventions have durations: 1 ms … 1 min.
    private static readonly IReadOnlyList<double> s_pauseBounds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Meter _meter;
    private readonly Histogram<double> _deployPause;

    public ProcessMetrics(IOwnedProcessStore store, ProcessWriter writer)
    {
        // Tagged with the store location, so that several processes in one host (tests, tools) stay apart.
        _meter = new Meter(new MeterOptions(LiveProcess.MeterName) { Tags = [new("conifer.store", store.Location)] });
        _meter.CreateObservableCounter("conifer.events.logged", () => writer.LoggedEvents, "{event}",
            "App events applied and logged (their rate is the events per second).");
        _meter.CreateObservableCounter("conifer.commands.failed", () => writer.FailedCommands, "{command}",
            "Commands (a timer, an outgoing request, a response) that failed after their record was durable; each is logged, and the writer goes on.");
        _meter.CreateObservableCounter("conifer.calls.abandoned", () => writer.AbandonedCalls, "{call}",
            "Calls of app code for an event that did not return within the event limit plus a grace period and were abandoned; the writer went on.");
        _meter.CreateObservableGauge("conifer.calls.abandoned.running", () => writer.AbandonedStillRunning, "{call}",
            "Abandoned calls whose thread has not come back (each holds a thread).");
        _meter.CreateObservableGauge("conifer.log.last_sequence", () => store.LastSequence, "{record}", "The newest record's sequence.");
        _meter.CreateObservableGauge("conifer.log.durable_sequence", () => store.DurableSequence, "{record}", "The newest durable record's sequence.");
        _meter.CreateObservableGauge("conifer.snapshot.records_behind",
            () => store.LastSequence - (store.LatestSnapshot?.CoversThroughSequence ?? 0), "{record}",
            "Records a restart would replay after the newest snapshot (the snapshot's age in records).");
        // Both read what the newest snapshot already recorded: sizing the live state would mean encoding it.
        _meter.CreateObservableGauge("conifer.snapshot.age", () => SnapshotAge(store), "s",
            "Seconds since the newest snapshot was written (none before the first snapshot).");
        _meter.CreateObservableGauge("conifer.state.size", () => StateSize(store), "By",
            "Bytes of the encoded state in the newest snapshot (none before the first snapshot).");
        _deployPause = _meter.CreateHistogram(
            "conifer.deploy.pause",
            "s",
            "How long a committed deploy held public events back.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = s_pauseBounds });
    }

    /// <summary>Records a committed deploy's pause, given in milliseconds as the report has it, in seconds.</summary>
    public void DeployCommitted(double pauseMilli) => _deployPause.Record(pauseMilli / 1000);

    private static IEnumerable<Measurement<double>> SnapshotAge(IOwnedProcessStore store) =>
        store.LatestSnapshotWrittenAt is { } written
            ? [new(Math.Max(0, (DateTimeOffset.UtcNow - written).TotalSeconds))]
            : [];

    private static IEnumerable<Measurement<long>> StateSize(IOwnedProcessStore store) =>
        store.LatestSnapshot is { } snapshot ? [new(snapshot.Length)] : [];

    public void Dispose() => _meter.Dispose();
}
