using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Conifer.Store;

namespace Conifer.Benchmarks.Store;

/// <summary>
/// What measuring the group commit costs: durable appends from 8 writers with nobody listening to the
/// <c>Conifer.Store</c> meter (baseline) against the same with a listener taking every batch-size and sync-duration
/// measurement, as an OpenTelemetry reader does.
/// </summary>
[Config(typeof(StoreJobConfig))]
public class AppendMetricsBenchmarks
{
    private const int Records = 2048;
    private const int Writers = 8;
    private static readonly byte[] s_payload = new byte[100];

    private string? _directory;
    private FileProcessStore? _store;
    private MeterListener? _listener;
    private long _measured;

    [IterationSetup(Target = nameof(Unobserved))]
    public void SetupUnobserved() => Open();

    [IterationSetup(Target = nameof(Observed))]
    public void SetupObserved()
    {
        Open();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == FileProcessStore.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) => Interlocked.Add(ref _measured, value));
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measured));
        _listener.Start();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        _listener = null;
        _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchDirectory.Delete(_directory);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public Task Unobserved() => AppendAllAsync();

    [Benchmark(OperationsPerInvoke = Records)]
    public Task Observed() => AppendAllAsync();

    private void Open()
    {
        _directory = BenchDirectory.Create("append-metrics");
        _store = FileProcessStore.Open(_directory);
    }

    private async Task AppendAllAsync()
    {
        var writers = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            writers[w] = Task.Run(async () =>
            {
                for (var i = 0; i < Records / Writers; i++)
                {
                    await _store!.AppendAsync(RecordKind.AppEvent, s_payload);
                }
            });
        }

        await Task.WhenAll(writers);
    }
}
