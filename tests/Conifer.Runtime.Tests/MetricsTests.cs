using System.Diagnostics.Metrics;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Tests.Support;
using Conifer.Store;

namespace Conifer.Runtime.Tests;

public class MetricsTests
{
    [Fact]
    public async Task Logged_events_log_sequences_and_deploy_pause_are_published_on_the_runtime_meter()
    {
        var longs = new Dictionary<string, long>();
        var pauses = new List<double>();
        await using var harness = await RuntimeHarness.StartAsync();
        var directory = Path.GetFullPath(harness.Directory);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Other tests run processes in parallel: listen to this store's meter only.
            if (instrument.Meter.Name == LiveProcess.MeterName && instrument.Meter.Tags?.Any(t => t.Key == "conifer.store" && Equals(t.Value, directory)) == true)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => longs[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "conifer.deploy.pause")
            {
                pauses.Add(value);
            }
        });
        listener.Start();
        await harness.PostAsync("2");
        await harness.PostAsync("3");
        var deploy = await harness.Process.DeployAsync(Apps.Counter, DeployMode.Migrate, dryRun: false);

        listener.RecordObservableInstruments();

        Assert.True(longs["conifer.events.logged"] >= 2);
        Assert.Equal(harness.Process.LastSequence, longs["conifer.log.last_sequence"]);
        Assert.Equal(longs["conifer.log.last_sequence"], longs["conifer.log.durable_sequence"]);
        Assert.Equal(longs["conifer.log.last_sequence"], longs["conifer.snapshot.records_behind"]);
        Assert.Single(pauses);
        Assert.Equal(deploy.PauseMilli / 1000, pauses[0]);
    }

    [Fact]
    public async Task Every_durable_record_is_counted_in_a_group_commit_batch_with_its_sync_duration()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        var directory = Path.GetFullPath(harness.Directory);
        var batches = new List<int>();
        var syncs = new List<double>();
        using var listener = Listen(FileProcessStore.MeterName, directory);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            lock (batches)
            {
                batches.Add(value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (syncs)
            {
                syncs.Add(value);
            }
        });
        listener.Start();
        var before = harness.Process.LastSequence;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => harness.PostAsync("1")));

        // Responses are released only once their records are durable, so every batch is recorded by now.
        lock (batches)
        {
            Assert.Equal(harness.Process.LastSequence - before, batches.Sum());
            Assert.All(batches, b => Assert.InRange(b, 1, 50));
        }
        lock (syncs)
        {
            Assert.Equal(batches.Count, syncs.Count);
            Assert.All(syncs, s => Assert.True(s >= 0));
        }
    }

    [Fact]
    public async Task State_size_and_snapshot_age_appear_once_a_snapshot_is_written()
    {
        await using var harness = await RuntimeHarness.StartAsync(o => o with { SnapshotEveryRecords = 3 });
        var directory = Path.GetFullPath(harness.Directory);
        var values = new Dictionary<string, double>();
        using var listener = Listen(LiveProcess.MeterName, directory);
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();

        for (var i = 0; i < 200 && !values.ContainsKey("conifer.state.size"); i++)
        {
            // The snapshot is written in the background after the third record; each post gives it a turn.
            await harness.PostAsync("1");
            listener.RecordObservableInstruments();
        }

        Assert.True(values["conifer.state.size"] > 0);
        Assert.InRange(values["conifer.snapshot.age"], 0, 3600);
        Assert.True(values["conifer.snapshot.records_behind"] < values["conifer.log.last_sequence"]);
    }

    /// <summary>A listener for one meter of one store: other tests run processes in parallel.</summary>
    private static MeterListener Listen(string meterName, string directory) => new()
    {
        InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Meter.Tags?.Any(t => t.Key == "conifer.store" && Equals(t.Value, directory)) == true)
            {
                l.EnableMeasurementEvents(instrument);
            }
        },
    };
}
