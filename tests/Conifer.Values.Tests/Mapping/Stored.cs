using System.Collections.Immutable;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;

namespace Conifer.Values.Tests.Mapping;

/// <summary>Builds stored trees by hand and reads them through both paths, which must agree.</summary>
internal static class Stored
{
    public static Value Record(params (string Name, Value Value)[] fields) =>
        new Value.Record([.. fields.Select(f => new Field(f.Name, f.Value))]);

    public static Value Tagged(string tag, params (string Name, Value Value)[] fields) =>
        new Value.Tagged(tag, [.. fields.Select(f => new Field(f.Name, f.Value))]);

    public static Value List(params Value[] items) => new Value.List([.. items]);

    public static Value Dict(params (Value Key, Value Value)[] entries) =>
        new Value.Dict([.. entries.Select(e => new KeyValuePair<Value, Value>(e.Key, e.Value))]);

    public static Value Str(string text) => new Value.String(text);

    public static Value Int(long value) => new Value.Int(value);

    public static Value Null => Value.Null.Instance;

    /// <summary>Reads <paramref name="stored"/> as <typeparamref name="T"/> from the tree and from its bytes; both must give the same outcome.</summary>
    public static LenientResult<T> Read<T>(Value stored)
    {
        var mapper = ValueMapper.For<T>();
        var fromTree = mapper.FromValue(stored);
        var fromBytes = mapper.Deserialize(TreeEncoder.Document(stored));
        switch (fromTree, fromBytes)
        {
            case (LenientResult<T>.Fits a, LenientResult<T>.Fits b):
                Assert.Equal(mapper.ToValue(a.Value), mapper.ToValue(b.Value));
                Assert.Equal(a.Ignored.ToArray(), b.Ignored.ToArray());
                break;
            case (LenientResult<T>.Mismatches a, LenientResult<T>.Mismatches b):
                Assert.Equal(a.All.ToArray(), b.All.ToArray());
                break;
            default:
                Assert.Fail($"The tree path gave {fromTree} and the byte path gave {fromBytes}.");
                break;
        }
        return fromTree;
    }

    public static string[] Mismatches<T>(Value stored) =>
        Read<T>(stored) is LenientResult<T>.Mismatches m
            ? [.. m.All.Select(x => x.ToString())]
            : throw new Xunit.Sdk.XunitException("Expected mismatches, but the data fits.");

    public static string[] Ignored<T>(Value stored) =>
        Read<T>(stored) is LenientResult<T>.Fits f ? [.. f.Ignored.Select(x => x.ToString())] : throw new Xunit.Sdk.XunitException($"Expected a fit, got {Read<T>(stored)}");

    public static T Fits<T>(Value stored) =>
        Read<T>(stored) is LenientResult<T>.Fits f ? f.Value : throw new Xunit.Sdk.XunitException($"Expected a fit, got {Read<T>(stored)}");
}
