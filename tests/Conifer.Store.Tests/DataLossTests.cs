using System.Diagnostics.Metrics;
using Conifer.Store.Exceptions;
using Conifer.Store.Repairs;
using Conifer.Store.Tools;

namespace Conifer.Store.Tests;

/// <summary>
/// Durability catalogue: a torn last batch is cut and reported loudly; a log cut back further than the last batch
/// (below the high-water mark) is refused, changes nothing, and opens only when the loss is accepted explicitly.
/// </summary>
public sealed class DataLossTests
{
    [Fact]
    public async Task A_torn_last_batch_is_cut_and_reported_with_file_offset_bytes_and_records()
    {
        using var temp = new TempStore();
        var crashed = await CrashImageAsync(temp);
        var segment = Path.Combine(crashed, "log-00000000000000000001.seg");
        var intact = await File.ReadAllBytesAsync(segment);
        var (start, end) = SegmentFrames.Of(intact)[^1];
        await File.WriteAllBytesAsync(segment, intact[..(int)(end - 9)]);
        long observedRepairs = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "conifer.store.repairs")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Key == "kind" && (string?)t.Value == "torn-tail-cut"))
            {
                observedRepairs = value;
            }
        });
        listener.Start();

        await using (var store = FileProcessStore.Open(crashed))
        {
            listener.RecordObservableInstruments();
            var repair = Assert.Single(store.Recovery.Repairs);
            Assert.Equal(StoreRepairKind.TornTailCut, repair.Kind);
            Assert.Equal("log-00000000000000000001.seg", repair.File);
            Assert.Equal(start, repair.Offset);
            Assert.Equal(end - 9 - start, repair.Bytes);
            Assert.Equal(1, repair.Records);
            Assert.Equal(13, repair.LastKeptSequence);
            Assert.Equal(13, store.Recovery.LastSequence);
            Assert.Equal(0, store.Recovery.RecordsLost);
            Assert.Contains("offset", repair.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(1, observedRepairs);
        var kept = Assert.Single(RepairJournal.Read(crashed));
        Assert.Equal(StoreRepairKind.TornTailCut, kept.Kind);
        Assert.Equal(start, kept.Offset);
        Assert.True(StoreTools.Verify(crashed).IsClean);
    }

    [Fact]
    public async Task A_log_cut_back_by_more_than_one_batch_is_refused_and_changes_nothing()
    {
        using var temp = new TempStore();
        var crashed = await CrashImageAsync(temp);
        var segment = Path.Combine(crashed, "log-00000000000000000001.seg");
        var intact = await File.ReadAllBytesAsync(segment);
        // Records 9..14 go: 9..11 were durable when the snapshot raised the high-water mark to 11.
        var (start9, _) = SegmentFrames.Of(intact)[8];
        var cut = intact[..(int)(start9 + 20)];
        await File.WriteAllBytesAsync(segment, cut);

        var e = Assert.Throws<StoreDataLossException>(() => FileProcessStore.Open(crashed));

        Assert.Equal(11, e.HighWaterSequence);
        Assert.Equal(8, e.LastSequence);
        Assert.Equal(3, e.RecordsLost);
        Assert.Contains("--accept-data-loss", e.Message, StringComparison.Ordinal);
        Assert.Contains("offset " + start9, e.Message, StringComparison.Ordinal);
        Assert.Equal(cut, await File.ReadAllBytesAsync(segment));
        Assert.False(File.Exists(Path.Combine(crashed, RepairJournal.FileName)));
        Assert.Equal(3, FileProcessStore.OpenReadOnly(crashed).RecordsLost);

        await using (var accepted = FileProcessStore.Open(crashed, new StoreOptions { AcceptDataLoss = true }))
        {
            var repair = Assert.Single(accepted.Recovery.Repairs);
            Assert.Equal(StoreRepairKind.DataLossAccepted, repair.Kind);
            Assert.Equal(3, repair.Records);
            Assert.Equal(8, repair.LastKeptSequence);
            Assert.Equal(start9, repair.Offset);
            Assert.Equal(9, await accepted.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(9)));
        }

        await using var reopened = FileProcessStore.Open(crashed);
        Assert.Empty(reopened.Recovery.Repairs);
        Assert.Equal(9, reopened.Recovery.LastSequence);
        Assert.Equal(StoreRepairKind.DataLossAccepted, Assert.Single(RepairJournal.Read(crashed)).Kind);
    }

    [Fact]
    public async Task After_a_clean_close_even_the_last_record_cut_off_is_a_refused_loss()
    {
        using var temp = new TempStore();
        await using (var store = FileProcessStore.Open(temp.Directory))
        {
            for (var i = 1; i <= 5; i++)
            {
                await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i));
            }
        }

        var segment = temp.Segments()[0];
        var intact = await File.ReadAllBytesAsync(segment);
        await File.WriteAllBytesAsync(segment, intact[..^3]);

        var e = Assert.Throws<StoreDataLossException>(() => FileProcessStore.Open(temp.Directory));
        Assert.Equal(5, e.HighWaterSequence);
        Assert.Equal(4, e.LastSequence);
    }

    /// <summary>
    /// Records 1..10, a snapshot through 10 (its reference is record 11, and the high-water mark becomes 11), then
    /// records 12..14 appended together; the files copied while the store is still open are what a SIGKILL leaves.
    /// </summary>
    private static async Task<string> CrashImageAsync(TempStore temp)
    {
        var live = temp.PathOf("live");
        var crashed = temp.PathOf("crashed");
        await using var store = FileProcessStore.Open(live);
        for (var i = 1; i <= 10; i++)
        {
            await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i));
        }

        await store.WriteSnapshotAsync(10, async (stream, ct) => await stream.WriteAsync("state"u8.ToArray(), ct));
        var last = 0L;
        for (var i = 12; i <= 14; i++)
        {
            last = store.Append(RecordKind.AppEvent, SegmentFrames.Payload(i));
        }

        await store.WaitDurableAsync(last);
        Directory.CreateDirectory(crashed);
        foreach (var file in Directory.GetFiles(live).Where(f => Path.GetFileName(f) != "lock"))
        {
            File.Copy(file, Path.Combine(crashed, Path.GetFileName(file)));
        }

        return crashed;
    }
}
