using System.Globalization;

namespace Conifer.Cli.Tests.Harness;

/// <summary>
/// The Conifer packages packed once per test run into a folder feed outside the repository, with a
/// version of this run's own, so that no package cache can hand back an older build of the same version.
/// </summary>
public static class LocalFeed
{
    private static readonly string[] s_packed = ["src/Conifer.App", "src/Conifer.Testing", "src/Conifer.Cli", "templates/Conifer.Templates"];
    private static readonly Lazy<Task<(string Folder, string Version)>> s_feed = new(PackAsync);

    /// <summary>The feed folder and the version every package in it has.</summary>
    public static Task<(string Folder, string Version)> GetAsync() => s_feed.Value;

    private static async Task<(string Folder, string Version)> PackAsync()
    {
        var version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var folder = Path.Combine(Path.GetTempPath(), $"conifer-feed-{Guid.NewGuid():N}");
        foreach (var project in s_packed)
        {
            // Release, so that packing never rebuilds the Debug binaries the other tests are running.
            var pack = await ExternalProcess.RunAsync("dotnet", ["pack", project, "-c", "Release", "-o", folder, $"-p:ConiferVersion={version}"],
                RepoPaths.Root, TimeSpan.FromMinutes(15));
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed:\n{pack}");
            }
        }
        return (folder, version);
    }
}
