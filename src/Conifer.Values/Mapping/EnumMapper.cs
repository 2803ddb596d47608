using System.Text;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// An enum ⇄ Tagged without fields (tag = the member name). A value without a name (a [Flags]
/// combination, a cast integer) has no stored form. Fields stored with a known tag are ignored,
/// as extra record fields are.
/// </summary>
internal sealed class EnumMapper<T> : TypeMapper<T>
    where T : struct, Enum
{
    private readonly Dictionary<T, (string Name, byte[] Encoded)> _byValue = [];
    private readonly (byte[] Utf8, T Value, string Name)[] _byName;
    private readonly string _oneOf;

    public EnumMapper()
    {
        var names = Enum.GetNames<T>();
        _byName = new (byte[], T, string)[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var value = Enum.Parse<T>(names[i]);
            _byName[i] = (Encoding.UTF8.GetBytes(names[i]), value, names[i]);
            _byValue.TryAdd(value, (names[i], Wire.EncodeTag(names[i], withFields: false)));
        }
        _oneOf = "one of " + string.Join(", ", names);
    }

    public override string Expected { get; } = "enum " + typeof(T).Name;

    public override bool HasDirectOrder => true;

    public override int Compare(T x, T y) => string.CompareOrdinal(Named(x).Name, Named(y).Name);

    public override Value ToValue(T clr) => new Value.Tagged(Named(clr).Name);

    public override T FromValue(Value value, ReadContext context)
    {
        if (value is not Value.Tagged tagged)
        {
            Mismatch(value, context);
            return default;
        }
        foreach (var member in _byName)
        {
            if (string.Equals(member.Name, tagged.Tag, StringComparison.Ordinal))
            {
                return member.Value;
            }
        }
        context.Report(StoredText.Tagged(tagged.Tag), _oneOf);
        return default;
    }

    public override void Write(ref MessagePackWriter writer, T clr) => writer.WriteRaw(Named(clr).Encoded);

    public override T Read(ref MessagePackReader reader, ReadContext context)
    {
        if (reader.NextMessagePackType is not (MessagePackType.Extension or MessagePackType.Array) || Wire.PeekKind(ref reader) != ValueKind.Tagged)
        {
            Mismatch(ref reader, context);
            return default;
        }
        var offset = reader.Consumed;
        var tag = Wire.ReadTagBytes(ref reader, out var withFields);
        var found = -1;
        for (var i = 0; i < _byName.Length && found < 0; i++)
        {
            if (tag.SequenceEqual(_byName[i].Utf8))
            {
                found = i;
            }
        }
        if (found < 0)
        {
            context.Report(StoredText.Tagged(Wire.DecodeTag(tag, offset, context)), _oneOf);
        }
        if (withFields)
        {
            Wire.SkipFields(ref reader, context);
        }
        return found < 0 ? default : _byName[found].Value;
    }

    private (string Name, byte[] Encoded) Named(T clr) =>
        _byValue.TryGetValue(clr, out var named)
            ? named
            : throw new UnsupportedTypeException(typeof(T), "$", typeof(T), $"and its value {clr} has no member name (a [Flags] combination or a cast number)");
}
