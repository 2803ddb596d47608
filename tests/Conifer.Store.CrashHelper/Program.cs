using System.Globalization;
using System.Text;

namespace Conifer.Store.CrashHelper;

/// <summary>
/// A child process for the durability tests. <c>load DIR FAULT N</c> appends from several writers (printing
/// <c>ACK seq</c> once each append is durable) and snapshots now and then, until it stalls at the n-th FAULT point
/// and is killed. <c>golden DIR [full]</c> writes the deterministic golden store (with or without a truncate) that the tests keep.
/// </summary>
public static class Program
{
    private static readonly object s_output = new();

    public static async Task<int> Main(string[] args)
    {
        if (args is ["golden", var goldenDirectory, .. var rest])
        {
            await GoldenStore.WriteAsync(goldenDirectory, truncate: rest is not ["full"]);
            return 0;
        }

        if (args is not ["load", var directory, var faultName, var occurrenceText])
        {
            await Console.Error.WriteLineAsync("usage: load DIR FAULT N | golden DIR [full]");
            return 2;
        }

        var fault = Enum.Parse<FaultPoint>(faultName);
        var occurrence = int.Parse(occurrenceText, CultureInfo.InvariantCulture);
        var options = new StoreOptions { FileSystem = new StallingFileSystem(fault, occurrence), SegmentBytes = 16 * 1024 };
        var store = FileProcessStore.Open(directory, options);
        var first = store.Recovery.LastSequence + 1;
        WriteLine($"OPEN {first}");
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                var sequence = await store.AppendAsync(RecordKind.AppEvent, Encoding.UTF8.GetBytes($"writer {w} append {i}"));
                WriteLine($"ACK {sequence}");
            }
        }));
        var snapshots = Task.Run(async () =>
        {
            while (true)
            {
                await Task.Delay(20);
                var covers = store.DurableSequence;
                var state = new byte[200_000];
                BitConverter.TryWriteBytes(state, covers);
                await store.WriteSnapshotAsync(covers, (stream, ct) => stream.WriteAsync(state, ct).AsTask());
                WriteLine($"SNAPSHOT {covers}");
            }
        });
        await Task.WhenAny([.. writers, snapshots]);
        await Task.WhenAll([.. writers, snapshots]);
        return 1;
    }

    public static void WriteLine(string line)
    {
        lock (s_output)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
