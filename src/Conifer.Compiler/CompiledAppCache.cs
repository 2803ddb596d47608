using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Conifer.Compiler;

/// <summary>
/// Compiled app assemblies on disk, keyed by version id and by the toolchain (this compiler,
/// <c>Conifer.App</c> and Roslyn), so a restart or replay loads bytes instead of paying for
/// Roslyn, and an upgraded Conifer recompiles. Each entry is the assembly plus a manifest with
/// its SHA-256 and shape; an entry whose hash, version or shape does not check out is
/// recompiled and overwritten, never trusted.
/// </summary>
/// <param name="directory">The cache folder (the runtime passes <c>&lt;store&gt;/compiled/</c>); created on first write.</param>
public sealed class CompiledAppCache(string directory)
{
    private const int FormatVersion = 1;
    private static readonly string ToolchainKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AppCompiler.ToolchainId)))[..16];

    private int _hits;
    private int _misses;
    private int _corrupt;

    /// <summary>The cache folder.</summary>
    public string Directory { get; } = directory;

    /// <summary>Lookups answered from disk.</summary>
    public int Hits => _hits;

    /// <summary>Lookups that compiled because no entry existed.</summary>
    public int Misses => _misses;

    /// <summary>Lookups that found a damaged or mismatched entry and compiled again.</summary>
    public int CorruptEntries => _corrupt;

    /// <summary>
    /// The cached compile of <paramref name="source"/>, or a fresh compile stored for next time.
    /// Failures are not cached: a rejected source is compiled again on every attempt.
    /// </summary>
    public CompileResult GetOrCompile(AppSource source)
    {
        switch (TryRead(source.VersionId))
        {
            case { } cached:
                Interlocked.Increment(ref _hits);
                return new CompileResult.Success(cached);
            case null when File.Exists(ManifestPath(source.VersionId)) || File.Exists(AssemblyPath(source.VersionId)):
                Interlocked.Increment(ref _corrupt);
                break;
            default:
                Interlocked.Increment(ref _misses);
                break;
        }
        var result = AppCompiler.Compile(source);
        if (result is CompileResult.Success success)
        {
            Store(success.App);
        }
        return result;
    }

    /// <summary>The cached compile of a version, or <c>null</c> when there is no valid entry (no source needed).</summary>
    public CompiledApp? TryRead(string versionId)
    {
        try
        {
            var manifestPath = ManifestPath(versionId);
            var assemblyPath = AssemblyPath(versionId);
            if (!File.Exists(manifestPath) || !File.Exists(assemblyPath))
            {
                return null;
            }
            var manifest = JsonSerializer.Deserialize<CacheManifest>(File.ReadAllBytes(manifestPath));
            if (manifest is null || manifest.Format != FormatVersion || manifest.VersionId != versionId
                || manifest.Toolchain != AppCompiler.ToolchainId || manifest.Shape is null)
            {
                return null;
            }
            var bytes = File.ReadAllBytes(assemblyPath);
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            // The fresh array is owned by the result alone, so it is wrapped rather than copied.
            return hash == manifest.AssemblySha256 ? new CompiledApp(versionId, ImmutableCollectionsMarshal.AsImmutableArray(bytes), manifest.Shape) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes an entry. The cache is an optimisation, so a failed write is swallowed (the next lookup compiles).</summary>
    public void Store(CompiledApp app)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var bytes = app.AssemblyBytes.ToArray();
            var manifest = new CacheManifest(FormatVersion, app.VersionId, AppCompiler.ToolchainId, Convert.ToHexStringLower(SHA256.HashData(bytes)), app.Shape);
            // The manifest is written last and is the commit point; no fsync is needed because a
            // torn or missing file only fails the hash check and costs one recompile.
            WriteAtomically(AssemblyPath(app.VersionId), bytes);
            WriteAtomically(ManifestPath(app.VersionId), JsonSerializer.SerializeToUtf8Bytes(manifest));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full disk must not fail a deploy; the entry simply stays missing.
        }
    }

    private string AssemblyPath(string versionId) => Path.Combine(Directory, $"{versionId}.{ToolchainKey}.dll");

    private string ManifestPath(string versionId) => Path.Combine(Directory, $"{versionId}.{ToolchainKey}.json");

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk leaves no half-written entry behind.
            File.Delete(temp);
            throw;
        }
    }

    private sealed record CacheManifest(int Format, string VersionId, string Toolchain, string AssemblySha256, AppShape? Shape);
}
