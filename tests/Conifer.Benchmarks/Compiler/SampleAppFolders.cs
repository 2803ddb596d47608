namespace Conifer.Benchmarks.Compiler;

/// <summary>Finds <c>sample-apps/NAME</c> above the running benchmark (BenchmarkDotNet runs it from a generated folder under bin/).</summary>
internal static class SampleAppFolders
{
    public static string Find(string name)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "sample-apps", name);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new DirectoryNotFoundException($"sample-apps/{name} not found above {AppContext.BaseDirectory}");
    }
}
