using System.Diagnostics.Metrics;
using Conifer.Runtime.Writer;
using Conifer.Store;

namespace Conifer.Runtime.Metrics;

/// <summary>
/// The process's instruments on the <c>Conifer.Runtime</c> meter (System.Diagnostics.Metrics, which
/// OpenTelemetry's <c>AddMeter</c> and <c>dotnet-counters</c> read). Observable instruments read
/// fields the writer and the store already keep, so measuring costs the hot path nothing.
/// </summary>
internal sealed class ProcessMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Histogram<double> _deployPause;

    public ProcessMetrics(FileProcessStore store, ProcessWriter writer)
    {
        // Tagged with the store directory, so that several processes in one host (tests, tools) stay apart.
        _meter = new Meter(new MeterOptions(LiveProcess.MeterName) { Tags = [new("conifer.store", store.Directory)] });
        _meter.CreateObservableCounter("conifer.events.logged", () => writer.LoggedEvents, "{event}",
            "App events applied and logged (their rate is the events per second).");
        _meter.CreateObservableGauge("conifer.log.last_sequence", () => store.LastSequence, "{record}", "The newest record's sequence.");
        _meter.CreateObservableGauge("conifer.log.durable_sequence", () => store.DurableSequence, "{record}", "The newest durable record's sequence.");
        _meter.CreateObservableGauge("conifer.snapshot.records_behind",
            () => store.LastSequence - (store.LatestSnapshot?.CoversThroughSequence ?? 0), "{record}",
            "Records a restart would replay after the newest snapshot (the snapshot's age in records).");
        _deployPause = _meter.CreateHistogram<double>("conifer.deploy.pause", "ms", "How long a committed deploy held public events back.");
    }

    public void DeployCommitted(double pauseMilli) => _deployPause.Record(pauseMilli);

    public void Dispose() => _meter.Dispose();
}
