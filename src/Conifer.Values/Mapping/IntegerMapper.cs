using System.Globalization;
using System.Numerics;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// Every CLR integer type ⇄ Int (a signed 64-bit integer). Reading checks the range of the
/// target type; a <see cref="ulong"/> above <see cref="long.MaxValue"/> has no stored form.
/// </summary>
internal sealed class IntegerMapper<T> : TypeMapper<T>
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    private static readonly long Min = long.CreateSaturating(T.MinValue);
    private static readonly long Max = long.CreateSaturating(T.MaxValue);

    private readonly string _inRange;

    public IntegerMapper(string keyword)
    {
        Expected = keyword;
        _inRange = string.Create(CultureInfo.InvariantCulture, $"{keyword} in {Min}..{T.MaxValue}");
    }

    public override string Expected { get; }

    public override bool HasDirectOrder => true;

    public override int Compare(T x, T y) => x.CompareTo(y);

    public override Value ToValue(T clr) => new Value.Int(ToInt64(clr));

    public override T FromValue(Value value, ReadContext context)
    {
        if (value is Value.Int i)
        {
            return Narrow(i.Value, context);
        }
        Mismatch(value, context);
        return default;
    }

    public override void Write(ref MessagePackWriter writer, T clr) => writer.Write(ToInt64(clr));

    public override T Read(ref MessagePackReader reader, ReadContext context)
    {
        if (reader.NextMessagePackType == MessagePackType.Integer)
        {
            return Narrow(Wire.ReadInt(ref reader), context);
        }
        Mismatch(ref reader, context);
        return default;
    }

    private static long ToInt64(T clr)
    {
        if (typeof(T) == typeof(ulong) && (ulong)(object)clr > long.MaxValue)
        {
            throw new UnsupportedTypeException(typeof(ulong), "$", typeof(ulong),
                $"and its value {clr} is above long.MaxValue, the largest stored Int");
        }
        return long.CreateTruncating(clr);
    }

    private T Narrow(long value, ReadContext context)
    {
        if (value >= Min && value <= Max)
        {
            return T.CreateTruncating(value);
        }
        context.Report(StoredText.Int(value), _inRange);
        return default;
    }
}
