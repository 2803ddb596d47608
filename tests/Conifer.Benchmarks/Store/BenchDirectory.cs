namespace Conifer.Benchmarks.Store;

/// <summary>A fresh directory under the temp folder for one benchmark iteration.</summary>
internal static class BenchDirectory
{
    public static string Create(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "conifer-bench", name + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string? path)
    {
        if (path is not null && Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
