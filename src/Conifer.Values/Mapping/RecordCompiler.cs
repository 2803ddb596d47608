using System.Linq.Expressions;
using System.Reflection;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// Compiles, once per record type, the fast path's field writer and reader as expression trees:
/// the writer emits pre-encoded names and calls each field's typed mapper; the reader keeps each
/// field in a typed local (no boxing, no argument array) and calls the constructor at the end.
/// </summary>
internal static class RecordCompiler
{
    private static readonly MethodInfo WriteRaw = typeof(RecordFieldReading).GetMethod(nameof(RecordFieldReading.WriteRaw))!;
    private static readonly MethodInfo MatchKey = typeof(RecordFieldReading).GetMethod(nameof(RecordFieldReading.MatchKey))!;
    private static readonly MethodInfo ThrowDuplicate = typeof(RecordFieldReading).GetMethod(nameof(RecordFieldReading.ThrowDuplicate))!;
    private static readonly MethodInfo ReportMissing = typeof(RecordFieldReading).GetMethod(nameof(RecordFieldReading.ReportMissing))!;
    private static readonly MethodInfo ReadField = typeof(RecordFieldReading).GetMethod(nameof(RecordFieldReading.ReadField))!;
    private static readonly MethodInfo SkipIgnored = typeof(Wire).GetMethod(nameof(Wire.SkipIgnored))!;
    private static readonly PropertyInfo MismatchCount = typeof(ReadContext).GetProperty(nameof(ReadContext.MismatchCount))!;

    public static WriteFieldsDelegate<T> CompileWriter<T>(RecordField[] fields)
    {
        var writer = Expression.Parameter(typeof(MessagePackWriter).MakeByRefType(), "writer");
        var clr = Expression.Parameter(typeof(T), "clr");
        var body = new List<Expression>();
        var header = Wire.EncodeMapHeader(fields.Length);
        if (fields.Length == 0)
        {
            body.Add(Expression.Call(WriteRaw, writer, Expression.Constant(header)));
        }
        for (var k = 0; k < fields.Length; k++)
        {
            var key = k == 0 ? [.. header, .. fields[k].EncodedKey] : fields[k].EncodedKey;
            body.Add(Expression.Call(WriteRaw, writer, Expression.Constant(key)));
            body.Add(WriteValue(writer, fields[k], Expression.Property(clr, fields[k].Property)));
        }
        return Expression.Lambda<WriteFieldsDelegate<T>>(Expression.Block(body), writer, clr).Compile();
    }

    public static ReadFieldsDelegate<T> CompileReader<T>(RecordShape shape, RecordField[] fields)
    {
        var reader = Expression.Parameter(typeof(MessagePackReader).MakeByRefType(), "reader");
        var context = Expression.Parameter(typeof(ReadContext), "context");
        var count = Expression.Parameter(typeof(int), "count");
        var owner = Expression.Parameter(typeof(string), "owner");
        var values = fields.Select(f => Expression.Variable(f.Property.PropertyType, "v_" + f.Name)).ToArray();
        var seen = fields.Select(f => Expression.Variable(typeof(bool), "seen_" + f.Name)).ToArray();
        var position = Expression.Variable(typeof(int), "position");
        var index = Expression.Variable(typeof(int), "index");
        var start = Expression.Variable(typeof(int), "start");
        var unknown = Expression.Variable(typeof(HashSet<string>), "unknown");
        var done = Expression.Label("done");

        var cases = fields.Select((f, k) => Expression.SwitchCase(
            Expression.Block(
                Expression.IfThen(seen[k], Expression.Call(ThrowDuplicate, reader, Expression.Constant(f.Name))),
                Expression.Assign(values[k], Expression.Call(
                    ReadField.MakeGenericMethod(f.Property.PropertyType), reader, context,
                    Expression.Constant(f.Mapper, typeof(TypeMapper<>).MakeGenericType(f.Property.PropertyType)),
                    Expression.Constant(f.Name))),
                Expression.Assign(seen[k], Expression.Constant(true)),
                Expression.Empty()),
            Expression.Constant(k))).ToArray();

        var body = new List<Expression>
        {
            Expression.Assign(start, Expression.Property(context, MismatchCount)),
            Expression.Assign(position, Expression.Constant(0)),
            Expression.Loop(
                Expression.Block(
                    Expression.IfThen(Expression.GreaterThanOrEqual(position, count), Expression.Break(done)),
                    Expression.Assign(index, Expression.Call(MatchKey, reader, Expression.Constant(fields), position, unknown, context)),
                    cases.Length == 0
                        ? Expression.Call(SkipIgnored, reader, context)
                        : Expression.Switch(index, Expression.Call(SkipIgnored, reader, context), cases),
                    Expression.PostIncrementAssign(position)),
                done),
        };
        for (var k = 0; k < fields.Length; k++)
        {
            body.Add(Expression.IfThen(Expression.Not(seen[k]),
                Expression.Call(ReportMissing, context, owner, Expression.Constant(fields[k].Name), Expression.Constant(fields[k].Mapper, typeof(TypeMapper)))));
        }
        body.Add(Expression.Condition(
            Expression.Equal(Expression.Property(context, MismatchCount), start),
            Construct(shape, fields, k => values[k]),
            Expression.Default(typeof(T))));
        var block = Expression.Block(typeof(T), [.. values, .. seen, position, index, start, unknown], body);
        return Expression.Lambda<ReadFieldsDelegate<T>>(block, reader, context, count, owner).Compile();
    }

    /// <summary>The tree path's constructor: arguments arrive boxed in field order.</summary>
    public static Func<object?[], T> CompileConstructor<T>(RecordShape shape, RecordField[] fields)
    {
        var arguments = Expression.Parameter(typeof(object[]), "arguments");
        var body = Construct(shape, fields, k => Expression.Convert(
            Expression.ArrayIndex(arguments, Expression.Constant(k)), fields[k].Property.PropertyType));
        return Expression.Lambda<Func<object?[], T>>(body, arguments).Compile();
    }

    /// <summary>The tree path's field getters, boxing.</summary>
    public static Func<T, object?>[] CompileGetters<T>(RecordField[] fields) =>
        [.. fields.Select(f =>
        {
            var clr = Expression.Parameter(typeof(T), "clr");
            return Expression.Lambda<Func<T, object?>>(Expression.Convert(Expression.Property(clr, f.Property), typeof(object)), clr).Compile();
        })];

    private static Expression Construct(RecordShape shape, RecordField[] fields, Func<int, Expression> value)
    {
        var created = Expression.New(shape.Constructor, shape.ConstructorFields.Select(k => value(k)));
        return shape.InitFields.Length == 0
            ? created
            : Expression.MemberInit(created, shape.InitFields.Select(k => Expression.Bind(fields[k].Property, value(k))));
    }

    /// <summary>Primitive fields are written with the writer's own method; the rest through their typed mapper.</summary>
    private static Expression WriteValue(ParameterExpression writer, RecordField field, Expression value)
    {
        var type = field.Property.PropertyType;
        if (field.Mapper is BoolMapper or IntegerMapper<int> or IntegerMapper<long>)
        {
            return Expression.Call(writer, typeof(MessagePackWriter).GetMethod(nameof(MessagePackWriter.Write), [type])!, value);
        }
        if (field.Mapper is StringMapper)
        {
            return Expression.Call(typeof(Wire).GetMethod(nameof(Wire.WriteString))!, writer, value);
        }
        var mapperType = typeof(TypeMapper<>).MakeGenericType(type);
        return Expression.Call(Expression.Constant(field.Mapper, mapperType),
            mapperType.GetMethod(nameof(TypeMapper<int>.Write))!, writer, value);
    }
}
