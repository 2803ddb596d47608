using System.Diagnostics.Metrics;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Tests.Support;

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
        Assert.Equal(deploy.PauseMilli, pauses[0]);
    }
}
