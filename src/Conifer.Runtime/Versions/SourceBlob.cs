using System.Collections.Immutable;
using Conifer.Compiler;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Runtime.Versions;

/// <summary>
/// How an app's source files are kept in the store: a value document holding a dictionary of
/// relative path to file bytes, content-addressed like every blob, so any later Conifer can
/// recompile a version it has no cached assembly for.
/// </summary>
internal static class SourceBlob
{
    public static byte[] Encode(AppSource source) =>
        ValueMessagePackCodec.Encode(new Value.Dict(
            [.. source.Files.Select(f => KeyValuePair.Create<Value, Value>(new Value.String(f.Path), new Value.Bytes(f.Content)))]));

    public static AppSource Decode(ReadOnlyMemory<byte> blob)
    {
        if (ValueMessagePackCodec.Decode(blob, ValueLimits.Default) is not Value.Dict dict)
        {
            throw new InvalidDataException("A source blob must hold a dictionary of path to bytes.");
        }
        return AppSource.FromBytes(dict.Entries.Select(e => e is { Key: Value.String path, Value: Value.Bytes bytes }
            ? KeyValuePair.Create(path.Value, bytes.Value.ToArray())
            : throw new InvalidDataException("A source blob entry must map a path string to file bytes.")));
    }

    public static ImmutableSortedDictionary<string, ImmutableArray<byte>> Files(AppSource source) =>
        source.Files.ToImmutableSortedDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
}
