using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using Conifer.Compiler;

namespace Conifer.Benchmarks.Compiler;

/// <summary>
/// Loading a compiled version on restart: from the cache (read, verify the SHA-256, parse the
/// manifest, load into a collectible context, build the invokers) against the plain baseline of
/// loading the same bytes with <see cref="AssemblyLoadContext.LoadFromStream(Stream)"/>.
/// Target: the cached load within 2x of the baseline.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class CachedLoadBenchmarks
{
    private string _directory = "";
    private CompiledAppCache _cache = null!;
    private CompiledApp _compiled = null!;
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "conifer-bench-cache-" + Guid.NewGuid().ToString("N"));
        _cache = new CompiledAppCache(_directory);
        var result = _cache.GetOrCompile(AppSource.FromDirectory(SampleAppFolders.Find("counter")));
        _compiled = ((CompileResult.Success)result).App;
        _bytes = [.. _compiled.AssemblyBytes];
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    public object LoadFromStream_same_bytes()
    {
        var context = new AssemblyLoadContext("baseline", isCollectible: true);
        using var stream = new MemoryStream(_bytes, writable: false);
        var assembly = context.LoadFromStream(stream);
        context.Unload();
        return assembly;
    }

    [Benchmark]
    public object Load_from_cache()
    {
        var app = _cache.TryRead(_compiled.VersionId)!.Load();
        app.Unload();
        return app;
    }
}
