namespace Conifer.Cli.Tests.Harness;

/// <summary>Byte-for-byte views of a store's log and snapshots, to prove a rejected attempt changed nothing.</summary>
public static class StoreFiles
{
    /// <summary>Every file of the store except the reports, the compiled-assembly cache and the lock, path to bytes.</summary>
    public static SortedDictionary<string, byte[]> LogAndSnapshots(string store)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(store, file).Replace('\\', '/');
            if (relative.StartsWith("reports/", StringComparison.Ordinal) || relative.StartsWith("compiled/", StringComparison.Ordinal) ||
                relative is "lock" or "lock.owner")
            {
                continue;
            }
            files[relative] = File.ReadAllBytes(file);
        }
        return files;
    }

    public static void AssertSame(SortedDictionary<string, byte[]> before, SortedDictionary<string, byte[]> after)
    {
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (path, bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[path]), $"{path} changed");
        }
    }
}
