using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;

namespace Conifer.Values.Tests.Mapping;

/// <summary>Generators of the sample state shapes, with the awkward values included (NaN, -0.0, decimal scale, unicode keys).</summary>
public static class StateGenerators
{
    private static Gen<string> Text =>
        Gen.Frequency(
            (3, Gen.Elements("", "a", "root", "ü", "日本語", "quote\"d", "line\nbreak", "🙂", "Admin")),
            (2, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null && IsValidUtf16(s))));

    private static Gen<double> Double =>
        Gen.Frequency(
            (1, Gen.Elements(double.NaN, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001), -0.0, 0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue)),
            (4, ArbMap.Default.GeneratorFor<double>()));

    private static Gen<decimal> Decimal =>
        from lo in ArbMap.Default.GeneratorFor<int>()
        from mid in ArbMap.Default.GeneratorFor<int>()
        from hi in Gen.Choose(0, 1000)
        from negative in ArbMap.Default.GeneratorFor<bool>()
        from scale in Gen.Choose(0, 28)
        select new decimal(lo, mid, hi, negative, (byte)scale);

    private static Gen<Guid> Guid =>
        from bytes in ArbMap.Default.GeneratorFor<byte>().ArrayOf(16)
        select new Guid(bytes);

    private static Gen<DateTimeOffset> Time =>
        from ticks in Gen.Choose(0, int.MaxValue)
        from scale in Gen.Choose(1, 1000)
        from offsetMinutes in Gen.Choose(-14 * 60, 14 * 60)
        select new DateTimeOffset(DateTimeOffset.UnixEpoch.Ticks + ((long)ticks * scale), TimeSpan.Zero)
            .ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    private static Gen<Role> Role => Gen.Elements(Mapping.Role.Admin, Mapping.Role.Member, Mapping.Role.Guest);

    private static Gen<Shape> Shape =>
        Gen.OneOf(
            Double.Select(r => (Shape)new Shape.Circle(r)),
            Double.Two().Select(p => (Shape)new Shape.Rect(p.Item1, p.Item2)),
            Gen.Constant((Shape)new Shape.Dot()));

    private static Gen<User> User =>
        from name in Text
        from roles in Role.ArrayOf()
        from email in Gen.OneOf(Gen.Constant<string?>(null), Text.Select(t => (string?)t))
        from age in Gen.OneOf(Gen.Constant<int?>(null), ArbMap.Default.GeneratorFor<int>().Select(a => (int?)a))
        from id in Guid
        from joined in Time
        from balance in Decimal
        select new User(name, [.. roles], email, age, id, joined, balance);

    private static Gen<Point> Point =>
        from x in Gen.Choose(-5, 5)
        from y in Gen.Choose(-5, 5)
        select new Point(x, y);

    public static Gen<State> State =>
        from users in Gen.Zip(Text, User).ListOf()
        from names in Gen.Zip(ArbMap.Default.GeneratorFor<int>(), Text).ListOf()
        from grid in Gen.Zip(Point, ArbMap.Default.GeneratorFor<int>().ListOf()).ListOf()
        from tags in Text.ListOf()
        from numbers in ArbMap.Default.GeneratorFor<long>().ListOf()
        from shapes in Shape.ListOf()
        from current in Gen.OneOf(Gen.Constant<Shape?>(null), Shape.Select(s => (Shape?)s))
        from mode in Role
        from counter in Gen.OneOf(ArbMap.Default.GeneratorFor<long>(), Gen.Elements(long.MinValue, long.MaxValue, 0L))
        from flag in ArbMap.Default.GeneratorFor<bool>()
        from ratio in Double
        from small in ArbMap.Default.GeneratorFor<byte>()
        from letter in Gen.Choose(32, 0xD7FF)
        from blob in ArbMap.Default.GeneratorFor<byte>().ArrayOf()
        select new State(
            Distinct(users).ToImmutableDictionary(),
            Distinct(names).ToImmutableSortedDictionary(),
            Distinct(grid.Select(g => (g.Item1, ImmutableList.CreateRange(g.Item2)))).ToImmutableDictionary(),
            [.. tags],
            [.. numbers],
            [.. shapes],
            current,
            mode,
            counter,
            flag,
            ratio,
            small,
            (char)letter,
            [.. blob]);

    public static Arbitrary<State> StateArbitrary() => Arb.From(State);

    private static IEnumerable<KeyValuePair<TKey, TValue>> Distinct<TKey, TValue>(IEnumerable<(TKey, TValue)> entries)
        where TKey : notnull =>
        entries.DistinctBy(e => e.Item1).Select(e => KeyValuePair.Create(e.Item1, e.Item2));

    private static bool IsValidUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }
}
