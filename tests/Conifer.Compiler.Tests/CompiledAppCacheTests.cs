namespace Conifer.Compiler.Tests;

[Collection(CompilerCollection.Name)]
public sealed class CompiledAppCacheTests
{
    [Fact]
    public void A_second_lookup_loads_from_the_cache_without_compiling()
    {
        using var dir = new TempDirectory();
        var source = AppSource.FromDirectory(TestApps.SampleFolder(TestApps.CounterText));
        var first = new CompiledAppCache(dir.Path);
        var compiled = Assert.IsType<CompileResult.Success>(first.GetOrCompile(source));

        var restarted = new CompiledAppCache(dir.Path);
        var cached = Assert.IsType<CompileResult.Success>(restarted.GetOrCompile(source));

        Assert.Equal((0, 1, 0), (first.Hits, first.Misses, first.CorruptEntries));
        Assert.Equal((1, 0, 0), (restarted.Hits, restarted.Misses, restarted.CorruptEntries));
        Assert.Equal(compiled.App.AssemblyBytes.ToArray(), cached.App.AssemblyBytes.ToArray());
        Assert.Equal(compiled.App.Shape.Migration, cached.App.Shape.Migration);
        var app = cached.App.Load();
        Assert.Equal("14", app.Migrate!(14).State);
        app.Unload();
    }

    [Fact]
    public void A_cached_entry_is_found_by_version_id_alone()
    {
        using var dir = new TempDirectory();
        var source = AppSource.FromDirectory(TestApps.SampleFolder(TestApps.Counter));
        var cache = new CompiledAppCache(dir.Path);
        cache.GetOrCompile(source);

        var entry = cache.TryRead(source.VersionId);
        Assert.NotNull(entry);
        Assert.Equal("System.Int32", entry.Shape.StateTypeName);
        Assert.Null(cache.TryRead(new string('0', 64)));
    }

    [Fact]
    public void A_corrupt_assembly_is_recompiled_not_trusted()
    {
        using var dir = new TempDirectory();
        var source = AppSource.FromDirectory(TestApps.SampleFolder(TestApps.Counter));
        new CompiledAppCache(dir.Path).GetOrCompile(source);
        var dll = Directory.GetFiles(dir.Path, "*.dll").Single();
        var bytes = File.ReadAllBytes(dll);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(dll, bytes);

        var cache = new CompiledAppCache(dir.Path);
        var result = Assert.IsType<CompileResult.Success>(cache.GetOrCompile(source));

        Assert.Equal((0, 1), (cache.Hits, cache.CorruptEntries));
        Assert.NotEqual(bytes, result.App.AssemblyBytes.ToArray());
        Assert.Equal(1, new CompiledAppCache(dir.Path).GetOrCompile(source) is CompileResult.Success ? 1 : 0);
        var healed = new CompiledAppCache(dir.Path);
        healed.GetOrCompile(source);
        Assert.Equal(1, healed.Hits);
    }

    [Fact]
    public void A_damaged_manifest_is_recompiled()
    {
        using var dir = new TempDirectory();
        var source = AppSource.FromDirectory(TestApps.SampleFolder(TestApps.Counter));
        new CompiledAppCache(dir.Path).GetOrCompile(source);
        File.WriteAllText(Directory.GetFiles(dir.Path, "*.json").Single(), "{ not json");

        var cache = new CompiledAppCache(dir.Path);
        Assert.IsType<CompileResult.Success>(cache.GetOrCompile(source));
        Assert.Equal(1, cache.CorruptEntries);
    }

    [Fact]
    public void An_entry_written_by_another_toolchain_is_recompiled()
    {
        using var dir = new TempDirectory();
        var source = AppSource.FromDirectory(TestApps.SampleFolder(TestApps.Counter));
        new CompiledAppCache(dir.Path).GetOrCompile(source);
        var manifest = Directory.GetFiles(dir.Path, "*.json").Single();
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!;
        json["Toolchain"] = "an older Conifer";
        File.WriteAllText(manifest, json.ToJsonString());

        var cache = new CompiledAppCache(dir.Path);
        Assert.Null(cache.TryRead(source.VersionId));
        Assert.IsType<CompileResult.Success>(cache.GetOrCompile(source));
        Assert.Equal((0, 1), (cache.Hits, cache.CorruptEntries));
    }

    [Fact]
    public void A_rejected_source_is_not_cached()
    {
        using var dir = new TempDirectory();
        var source = TestApps.Source(("Backend/State.cs", TestApps.CountState));
        var cache = new CompiledAppCache(dir.Path);
        Assert.IsType<CompileResult.Failure>(cache.GetOrCompile(source));
        Assert.IsType<CompileResult.Failure>(cache.GetOrCompile(source));
        Assert.Equal(2, cache.Misses);
    }

    [Fact]
    public void Compiling_the_same_source_twice_gives_identical_bytes()
    {
        var source = AppSource.FromDirectory(TestApps.SampleFolder(TestApps.Counter));
        var a = TestApps.Compiles(source).App.AssemblyBytes;
        var b = TestApps.Compiles(source).App.AssemblyBytes;
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void An_unloaded_version_is_collected()
    {
        var weak = LoadAndUnload();
        for (var i = 0; i < 10 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(weak.IsAlive);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndUnload()
    {
        var app = TestApps.Compiles(AppSource.FromDirectory(TestApps.SampleFolder(TestApps.Counter))).App.Load();
        var (state, _) = app.OnHttpRequest(TestApps.Request("POST", "3"), app.Init().State);
        Assert.Equal(3, state);
        var weak = new WeakReference(app.Assembly);
        app.Unload();
        return weak;
    }
}
