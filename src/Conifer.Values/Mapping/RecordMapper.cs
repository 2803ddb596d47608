using System.Collections.Immutable;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// A record or immutable class ⇄ Record, by property name. Also the field part of a union case.
/// Created empty and initialized after registration, so that recursive types (a record holding a
/// list of itself) resolve to this same instance.
/// </summary>
internal sealed class RecordMapper<T> : TypeMapper<T>, IRecordMapper
{
    private const string RecordOwner = "record";

    private RecordField[] _fields = [];
    private WriteFieldsDelegate<T> _writeFields = null!;
    private ReadFieldsDelegate<T> _readFields = null!;
    private Func<object?[], T> _construct = null!;
    private Func<T, object?>[] _getters = [];

    public override string Expected { get; } = "record " + typeof(T).Name;

    public int FieldCount => _fields.Length;

    public void Initialize(RecordShape shape, RecordField[] fields)
    {
        _fields = fields;
        _writeFields = RecordCompiler.CompileWriter<T>(fields);
        _readFields = RecordCompiler.CompileReader<T>(shape, fields);
        _construct = RecordCompiler.CompileConstructor<T>(shape, fields);
        _getters = RecordCompiler.CompileGetters<T>(fields);
    }

    public override Value ToValue(T clr) => clr is null ? Value.Null.Instance : new Value.Record(ToFields(clr));

    public override T FromValue(Value value, ReadContext context)
    {
        if (value is Value.Record record)
        {
            return FromFields(record.Fields, context, RecordOwner);
        }
        Mismatch(value, context);
        return default!;
    }

    public override void Write(ref MessagePackWriter writer, T clr)
    {
        if (clr is null)
        {
            writer.WriteNil();
        }
        else
        {
            _writeFields(ref writer, clr);
        }
    }

    public override T Read(ref MessagePackReader reader, ReadContext context)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            Mismatch(ref reader, context);
            return default!;
        }
        context.Enter(reader.Consumed);
        var count = Wire.ReadMapHeader(ref reader, context);
        var value = _readFields(ref reader, context, count, RecordOwner);
        context.Exit();
        return value;
    }

    /// <summary>Writes the field map only (a union case writes its tag first).</summary>
    public void WriteFields(ref MessagePackWriter writer, T clr) => _writeFields(ref writer, clr);

    /// <summary>Reads a field map of <paramref name="count"/> entries whose header was already read.</summary>
    public T ReadFields(ref MessagePackReader reader, ReadContext context, int count, string owner) =>
        _readFields(ref reader, context, count, owner);

    public ImmutableArray<Field> ToFields(T clr)
    {
        var fields = ImmutableArray.CreateBuilder<Field>(_fields.Length);
        for (var k = 0; k < _fields.Length; k++)
        {
            try
            {
                fields.Add(new Field(_fields[k].Name, _fields[k].Mapper.ToValueBoxed(_getters[k](clr))));
            }
            catch (UnsupportedTypeException e)
            {
                throw e.Under("." + _fields[k].Name, typeof(T));
            }
        }
        return fields.MoveToImmutable();
    }

    /// <summary>The tree path's reader: stored fields in stored order (as the fast path sees them), then the missing ones.</summary>
    public T FromFields(ImmutableArray<Field> stored, ReadContext context, string owner)
    {
        var start = context.MismatchCount;
        var arguments = new object?[_fields.Length];
        var seen = new bool[_fields.Length];
        for (var position = 0; position < stored.Length; position++)
        {
            var k = IndexOf(stored[position].Name, position);
            if (k < 0)
            {
                context.Ignore(stored[position].Name, stored[position].Value);
                continue;
            }
            seen[k] = true;
            context.PushField(_fields[k].Name);
            arguments[k] = _fields[k].Mapper.FromValueBoxed(stored[position].Value, context);
            context.Pop();
        }
        for (var k = 0; k < _fields.Length; k++)
        {
            if (!seen[k])
            {
                RecordFieldReading.ReportMissing(context, owner, _fields[k].Name, _fields[k].Mapper);
            }
        }
        return context.MismatchCount == start ? _construct(arguments) : default!;
    }

    private int IndexOf(string name, int guess)
    {
        if (guess < _fields.Length && string.Equals(_fields[guess].Name, name, StringComparison.Ordinal))
        {
            return guess;
        }
        return Array.FindIndex(_fields, f => string.Equals(f.Name, name, StringComparison.Ordinal));
    }
}
