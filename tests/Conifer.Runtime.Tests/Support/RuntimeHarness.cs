using System.Collections.Immutable;
using System.Text;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Public;
using Conifer.Runtime.Reports;
using Conifer.Store;

namespace Conifer.Runtime.Tests.Support;

/// <summary>A live process on a temp store, driven in process.</summary>
public sealed class RuntimeHarness : IAsyncDisposable
{
    private RuntimeHarness(string directory, LiveProcess process, GatedFileSystem fileSystem)
    {
        Directory = directory;
        Process = process;
        FileSystem = fileSystem;
    }

    public string Directory { get; }

    public LiveProcess Process { get; private set; }

    public GatedFileSystem FileSystem { get; }

    public static async Task<RuntimeHarness> StartAsync(Func<RuntimeOptions, RuntimeOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"conifer-runtime-{Guid.NewGuid():N}");
        var fileSystem = new GatedFileSystem();
        var process = await LiveProcess.OpenAsync(Options(directory, fileSystem, configure));
        var harness = new RuntimeHarness(directory, process, fileSystem);
        var report = await process.DeployAsync(Apps.Counter, DeployMode.Init, dryRun: false);
        Assert.Equal(DeployOutcome.Committed, report.Outcome);
        return harness;
    }

    private static RuntimeOptions Options(string directory, GatedFileSystem fileSystem, Func<RuntimeOptions, RuntimeOptions>? configure)
    {
        var options = new RuntimeOptions { StoreDirectory = directory, StoreOptions = StoreOptions.Default with { FileSystem = fileSystem } };
        return configure is null ? options : configure(options);
    }

    public Task<PublicResponse> SendAsync(string method, string path, string body = "") =>
        Process.HandleRequestAsync(new PublicRequest(method, path, [], ImmutableArray.Create(Encoding.UTF8.GetBytes(body))));

    public async Task<string> PostAsync(string body)
    {
        var response = await SendAsync("POST", "/", body);
        Assert.Equal(200, response.StatusCode);
        return response.BodyText;
    }

    /// <summary>Closes the process cleanly and opens it again from disk.</summary>
    public async Task RestartAsync(Func<RuntimeOptions, RuntimeOptions>? configure = null)
    {
        await Process.DisposeAsync();
        Process = await LiveProcess.OpenAsync(Options(Directory, FileSystem, configure));
    }

    public async ValueTask DisposeAsync()
    {
        FileSystem.Open();
        await Process.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
