using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// An abstract record with sealed derived records ⇄ Tagged (tag = the case type's name, fields = its
/// properties). Every tag in the data must be a case of the type; cases the data never uses are fine.
/// </summary>
internal sealed class UnionMapper<T> : TypeMapper<T>
    where T : class
{
    private UnionCase<T>[] _cases = [];
    private string _oneOf = "";

    public override string Expected { get; } = "union " + typeof(T).Name;

    public void Initialize(UnionCase<T>[] cases)
    {
        _cases = cases;
        _oneOf = "one of " + string.Join(", ", cases.Select(c => c.Tag));
    }

    public override Value ToValue(T clr)
    {
        if (clr is null)
        {
            return Value.Null.Instance;
        }
        var c = CaseOf(clr);
        return new Value.Tagged(c.Tag, c.ToFields(clr));
    }

    public override T FromValue(Value value, ReadContext context)
    {
        if (value is not Value.Tagged tagged)
        {
            Mismatch(value, context);
            return default!;
        }
        foreach (var c in _cases)
        {
            if (string.Equals(c.Tag, tagged.Tag, StringComparison.Ordinal))
            {
                return c.FromFields(tagged.Fields, context);
            }
        }
        context.Report(StoredText.Tagged(tagged.Tag), _oneOf);
        return default!;
    }

    public override void Write(ref MessagePackWriter writer, T clr)
    {
        if (clr is null)
        {
            writer.WriteNil();
            return;
        }
        CaseOf(clr).Write(ref writer, clr);
    }

    public override T Read(ref MessagePackReader reader, ReadContext context)
    {
        if (reader.NextMessagePackType is not (MessagePackType.Extension or MessagePackType.Array) || Wire.PeekKind(ref reader) != ValueKind.Tagged)
        {
            Mismatch(ref reader, context);
            return default!;
        }
        // Only a Tagged with fields is a container and counts towards the depth limit, as in the codec.
        var offset = reader.Consumed;
        var tag = Wire.ReadTagBytes(ref reader, out var withFields);
        if (withFields)
        {
            context.Enter(offset);
        }
        foreach (var c in _cases)
        {
            if (tag.SequenceEqual(c.TagUtf8))
            {
                var count = 0;
                if (withFields)
                {
                    count = reader.NextMessagePackType == MessagePackType.Map
                        ? Wire.ReadMapHeader(ref reader, context)
                        : throw Wire.Corrupt(ref reader, "a tag with fields is not followed by a map");
                }
                var value = c.Read(ref reader, context, count);
                ExitIf(withFields, context);
                return value;
            }
        }
        context.Report(StoredText.Tagged(Wire.DecodeTag(tag, offset, context)), _oneOf);
        ExitIf(withFields, context);
        if (withFields)
        {
            // Skipped as a Record at the Tagged's own level, which it already counted.
            Wire.SkipFields(ref reader, context);
        }
        return default!;
    }

    private static void ExitIf(bool entered, ReadContext context)
    {
        if (entered)
        {
            context.Exit();
        }
    }

    private UnionCase<T> CaseOf(T clr)
    {
        var type = clr.GetType();
        foreach (var c in _cases)
        {
            if (c.Type == type)
            {
                return c;
            }
        }
        throw new UnsupportedTypeException(typeof(T), "$", type, $"not a case of the union {typeof(T).Name} (its cases are found in its own assembly)");
    }
}
