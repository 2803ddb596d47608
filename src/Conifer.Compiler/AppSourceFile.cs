using System.Collections.Immutable;
using System.Text;

namespace Conifer.Compiler;

/// <summary>One C# file of an app, as the compiler and the version id see it.</summary>
/// <param name="Path">Relative to the app folder, with <c>/</c> separators (e.g. <c>Backend/State.cs</c>).</param>
/// <param name="Content">The file's bytes exactly as read; the version id hashes these.</param>
public sealed record AppSourceFile(string Path, ImmutableArray<byte> Content)
{
    /// <summary>The content decoded as UTF-8 (a byte order mark is dropped).</summary>
    public string Text => DecodeUtf8(Content.AsSpan());

    internal static string DecodeUtf8(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])
            ? Encoding.UTF8.GetString(bytes[3..])
            : Encoding.UTF8.GetString(bytes);
}
