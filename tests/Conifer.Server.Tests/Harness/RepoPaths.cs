namespace Conifer.Server.Tests.Harness;

/// <summary>Finds the repository's files from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SampleApp(string name) => Path.Combine(Root, "sample-apps", name);

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
