using System.Text;

namespace Conifer.Store.CrashHelper;

/// <summary>
/// The golden store of this format version: every record kind, a blob, two snapshots, a truncate and records after
/// it, in small segments. Tests reopen the checked-in copy and expect exactly <see cref="ExpectedPayload"/>.
/// </summary>
public static class GoldenStore
{
    public static string ExpectedPayload(long sequence) => $"golden record {sequence}";

    public static async Task WriteAsync(string directory, bool truncate)
    {
        var options = new StoreOptions { SegmentBytes = 512 };
        var store = FileProcessStore.Open(directory, options);
        await using (store)
        {
            RecordKind[] kinds = [RecordKind.AppEvent, RecordKind.DeployAndInit, RecordKind.AppEvent, RecordKind.SetState, RecordKind.ApplyAdminFunction, RecordKind.DeployAndMigrate];
            await store.PutBlobAsync(Encoding.UTF8.GetBytes("golden app source"));
            for (var i = 0; i < 12; i++)
            {
                await store.AppendAsync(kinds[i % kinds.Length], Encoding.UTF8.GetBytes(ExpectedPayload(store.LastSequence + 1)));
            }

            await store.WriteSnapshotAsync(6, (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes("golden state at 6"), ct).AsTask());
            await store.WriteSnapshotAsync(12, (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes("golden state at 12"), ct).AsTask());
            if (truncate)
            {
                await store.TruncateAsync();
            }

            for (var i = 0; i < 5; i++)
            {
                await store.AppendAsync(RecordKind.AppEvent, Encoding.UTF8.GetBytes(ExpectedPayload(store.LastSequence + 1)));
            }
        }

        File.Delete(Path.Combine(directory, "lock"));
        File.Delete(Path.Combine(directory, "lock.owner"));
    }
}
