namespace Conifer.Cli.Tests.Harness;

/// <summary>Finds the repository's files from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SampleApp(string name) => Path.Combine(Root, "sample-apps", name);

    /// <summary>The CLI built in the same configuration as this test assembly.</summary>
    public static string CliDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var path = Path.Combine(Root, "src", "Conifer.Cli", "bin", configuration, "net10.0", "conifer.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The CLI is not built at {path}.");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Runtime.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Runtime.sln not found above " + AppContext.BaseDirectory);
    }
}
