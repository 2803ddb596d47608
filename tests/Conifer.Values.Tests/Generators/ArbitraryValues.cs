using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;

namespace Conifer.Values.Tests.Generators;

/// <summary>
/// FsCheck generators for arbitrary value trees, weighted towards the cases codecs get wrong:
/// NaN, -0.0, infinities, decimals with scale, long.MinValue/MaxValue, unicode and '$'-prefixed
/// names, empty collections and nesting all the way to <see cref="ValueLimits.MaxDepth"/>.
/// Use with <c>[Property(Arbitrary = [typeof(ArbitraryValues)])]</c> or compose <see cref="Tree"/>.
/// </summary>
public static class ArbitraryValues
{
    /// <summary>The deepest nesting generated: the default depth limit, so decoding must just accept it.</summary>
    public static readonly int MaxDepth = ValueLimits.Default.MaxDepth;

    private static readonly string[] SampleTexts =
    [
        "", "a", "Name", "Id", "$", "$tag", "$$", "$float", "$dict", "名前", "Ünïcödé", "🙂", "a\u0000b", "line\nbreak",
        "tab\t\"quote\"\\", "\u2028", "\uffff", "𝄞 clef", "Ω≈ç√", new string('x', 40),
    ];

    private static readonly double[] SampleFloats =
    [
        0.0, -0.0, 1.0, -1.0, 0.1, 1e300, -1e-300, double.Epsilon, double.MaxValue, double.MinValue,
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, 123456789.125, 5e-324,
    ];

    private static readonly decimal[] SampleDecimals =
    [
        0m, 1m, 1.5m, 1.50m, -1.500m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m,
        new decimal(0, 0, 0, true, 2), 79228162514264337593543950335m, -0.1m,
    ];

    /// <summary>The arbitrary FsCheck resolves for <see cref="Value"/> parameters.</summary>
    public static Arbitrary<Value> Values() => Arb.From(Tree, Shrink);

    /// <summary>A tree of bounded size, sometimes with a chain nested to <see cref="MaxDepth"/>.</summary>
    public static Gen<Value> Tree =>
        Gen.Frequency(
            (9, Gen.Sized(size => Node(Math.Min(size, 40), 0))),
            (1, DeepChain));

    /// <summary>Any leaf node (no children).</summary>
    public static Gen<Value> Leaf =>
        Gen.OneOf(
            Gen.Constant<Value>(Value.Null.Instance),
            Gen.Elements<Value>(Value.Bool.True, Value.Bool.False),
            Long.Select(v => (Value)new Value.Int(v)),
            Double.Select(v => (Value)new Value.Float(v)),
            Decimal.Select(v => (Value)new Value.Decimal(v)),
            Text.Select(v => (Value)new Value.String(v)),
            Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(b => (Value)new Value.Bytes([.. b])),
            Tag.Select(t => (Value)new Value.Tagged(t)));

    /// <summary>64-bit integers, often at the edges of each MessagePack int form.</summary>
    public static Gen<long> Long =>
        Gen.Frequency(
            (3, Gen.Elements(0L, 1L, -1L, -32L, -33L, 127L, 128L, 255L, 256L, -128L, -129L, 65535L, 65536L, -32768L, -32769L,
                int.MaxValue, int.MinValue, uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue, long.MinValue)),
            (3, Gen.Choose(-1000, 1000).Select(i => (long)i)),
            (2, Gen.Choose(int.MinValue, int.MaxValue).Two().Select(p => ((long)p.Item1 << 32) | (uint)p.Item2)));

    /// <summary>Doubles: the special values and arbitrary bit patterns (NaN payloads included).</summary>
    public static Gen<double> Double =>
        Gen.Frequency(
            (2, Gen.Elements(SampleFloats)),
            (1, Gen.Choose(-100000, 100000).Select(i => i / 64.0)),
            (1, Long.Select(BitConverter.Int64BitsToDouble)));

    /// <summary>Decimals with every scale 0-28 and both signs (negative zero included).</summary>
    public static Gen<decimal> Decimal =>
        Gen.Frequency(
            (1, Gen.Elements(SampleDecimals)),
            (2, Gen.Choose(int.MinValue, int.MaxValue).Three()
                .SelectMany(_ => Gen.Choose(0, 28), (words, scale) => (words, scale))
                .SelectMany(_ => Gen.Elements(true, false), (p, negative) =>
                    new decimal(p.words.Item1, p.words.Item2, p.words.Item3 & 0x0fffffff, negative, (byte)p.scale))));

    /// <summary>Valid Unicode text (no unpaired surrogates): samples and random mixes of scripts and emoji.</summary>
    public static Gen<string> Text =>
        Gen.Frequency(
            (2, Gen.Elements(SampleTexts)),
            (3, Gen.ListOf(CodePoint).Select(points => string.Concat(points.Select(char.ConvertFromUtf32)))));

    /// <summary>A non-empty tag (union case or enum member name).</summary>
    public static Gen<string> Tag => Text.Where(t => t.Length > 0);

    private static Gen<int> CodePoint =>
        Gen.Frequency(
            (6, Gen.Choose(0x20, 0x7e)),
            (1, Gen.Choose(0x00, 0x1f)),
            (1, Gen.Choose(0xa0, 0x7ff)),
            (1, Gen.Choose(0x4e00, 0x9fff)),
            (1, Gen.Choose(0x1f300, 0x1faff)),
            (1, Gen.Elements(0x24, 0xfeff, 0xfffd, 0xffff, 0x10ffff, 0xe000)));

    /// <summary>A tree of at most roughly <paramref name="size"/> nodes below <paramref name="depth"/> enclosing containers.</summary>
    public static Gen<Value> Node(int size, int depth)
    {
        if (size <= 1 || depth >= MaxDepth)
        {
            return Leaf;
        }
        var child = Node(size / 3, depth + 1);
        var fields = Gen.Choose(0, Math.Min(6, size)).SelectMany(n => Gen.ArrayOf(Text.Zip(child), n)).Select(DistinctFields);
        return Gen.Frequency(
            (4, Leaf),
            (1, Gen.Choose(0, Math.Min(6, size)).SelectMany(n => Gen.ArrayOf(child, n)).Select(items => (Value)new Value.List([.. items]))),
            (2, fields.Select(f => (Value)new Value.Record(f))),
            (1, Tag.SelectMany(_ => fields, (tag, f) => (Value)new Value.Tagged(tag, f))),
            (1, Gen.Choose(0, Math.Min(5, size)).SelectMany(n => Gen.ArrayOf(child.Zip(child), n)).Select(pairs => (Value)DistinctDict(pairs))));
    }

    /// <summary>Containers of random kinds nested 1 to <see cref="MaxDepth"/> levels deep around a leaf.</summary>
    public static Gen<Value> DeepChain =>
        Gen.Choose(1, MaxDepth).SelectMany(depth => Gen.ArrayOf(Gen.Choose(0, 3), depth), (_, kinds) => kinds)
            .SelectMany(_ => Leaf, (kinds, leaf) => Wrap(kinds, leaf));

    /// <summary>Wraps <paramref name="leaf"/> in one container per entry of <paramref name="kinds"/> (0 list, 1 record, 2 tagged, 3 dict).</summary>
    public static Value Wrap(IEnumerable<int> kinds, Value leaf)
    {
        var node = leaf;
        foreach (var kind in kinds)
        {
            node = kind switch
            {
                0 => new Value.List([node]),
                1 => new Value.Record([new Field("f", node)]),
                2 => new Value.Tagged("Case", [new Field("$x", node)]),
                _ => new Value.Dict([new KeyValuePair<Value, Value>(new Value.Int(1), node)]),
            };
        }
        return node;
    }

    private static ImmutableArray<Field> DistinctFields(IEnumerable<(string Name, Value Value)> pairs) =>
        [.. pairs.DistinctBy(p => p.Name, StringComparer.Ordinal).Select(p => new Field(p.Name, p.Value))];

    private static Value.Dict DistinctDict(IEnumerable<(Value Key, Value Value)> pairs) =>
        new([.. pairs.DistinctBy(p => p.Key).Select(p => new KeyValuePair<Value, Value>(p.Key, p.Value))]);

    private static IEnumerable<Value> Shrink(Value value) => value switch
    {
        Value.List list => list.Items,
        Value.Record record => record.Fields.Select(f => f.Value),
        Value.Tagged { Fields.IsEmpty: false } tagged => tagged.Fields.Select(f => f.Value).Prepend(new Value.Tagged(tagged.Tag)),
        Value.Dict dict => dict.Entries.SelectMany(e => new[] { e.Key, e.Value }),
        Value.Null => [],
        _ => [Value.Null.Instance],
    };
}
