using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Conifer.Server.Admin;

/// <summary>
/// The admin web page's files, embedded in this assembly (Admin/Page/*): no file system, no CDN, no
/// build step. They hold no data, so they are the only admin paths served without the password;
/// the page asks for the password and sends it with every API call.
/// </summary>
internal static class PageAssets
{
    /// <summary>Where the page's files other than the index are served: <c>/ui/{name}</c>.</summary>
    public const string Prefix = "/ui/";

    private const string ResourcePrefix = "Conifer.Server.Admin.Page.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, PageAsset> Files = Load();

    /// <summary>The page itself, served at <c>/</c>.</summary>
    public static PageAsset Index => Files["index.html"];

    /// <summary>The file served at <c>/ui/{name}</c>, if the page has one by that name.</summary>
    public static PageAsset? Find(string name) => Files.GetValueOrDefault(name);

    /// <summary>Whether a request is for the page or one of its files, the only admin paths open without the password.</summary>
    public static bool IsPagePath(string method, string path) =>
        (string.Equals(method, "GET", StringComparison.Ordinal) || string.Equals(method, "HEAD", StringComparison.Ordinal)) &&
        (path == "/" || (path.StartsWith(Prefix, StringComparison.Ordinal) && Files.ContainsKey(path[Prefix.Length..])));

    private static FrozenDictionary<string, PageAsset> Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        var files = new Dictionary<string, PageAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name))
                ?? throw new InvalidOperationException($"The admin page file {name} has no known content type; add its extension to {nameof(PageAssets)}.");
            files[name] = new PageAsset(name, type, content, $"\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12))}\"");
        }
        return files.ContainsKey("index.html")
            ? files.ToFrozenDictionary(StringComparer.Ordinal)
            : throw new InvalidOperationException("The admin page's index.html is not embedded in Conifer.Server.");
    }
}
