using System.Globalization;

namespace Conifer.Values.Mapping;

/// <summary>
/// The texts a mismatch shows for stored data: the node's kind, with its value for scalars and
/// its tag for tagged nodes (<c>Int 300</c>, <c>String "abc"</c>, <c>Tagged "Owner"</c>, <c>List</c>),
/// and dictionary keys as JSON-ish literals in paths. The fast path produces the same texts from
/// bytes (<see cref="Wire.Preview"/>), so both paths report identical mismatches.
/// </summary>
internal static class StoredText
{
    private const int MaxPreviewChars = 40;

    public static string Preview(Value value) => value switch
    {
        Value.Null => "Null",
        Value.Bool b => Bool(b.Value),
        Value.Int i => Int(i.Value),
        Value.Float f => Float(f.Value),
        Value.Decimal d => Decimal(d.Value),
        Value.String s => String(s.Value),
        Value.Bytes => "Bytes",
        Value.List => "List",
        Value.Dict => "Dict",
        Value.Record => "Record",
        Value.Tagged t => Tagged(t.Tag),
        _ => throw new InvalidOperationException($"{nameof(Preview)}: unhandled node {value.GetType().Name}"),
    };

    public static string Bool(bool value) => value ? "Bool true" : "Bool false";

    public static string Int(long value) => "Int " + value.ToString(CultureInfo.InvariantCulture);

    public static string Float(double value) => "Float " + value.ToString("R", CultureInfo.InvariantCulture);

    public static string Decimal(decimal value) => "Decimal " + value.ToString(CultureInfo.InvariantCulture);

    public static string String(string value) =>
        "String " + new Value.String(value.Length > MaxPreviewChars ? value[..(MaxPreviewChars - 3)] + "..." : value);

    public static string Tagged(string tag) => $"Tagged \"{tag}\"";

    /// <summary>A dictionary key as it appears in a path: <c>"root"</c>, <c>42</c>, <c>Admin</c>, <c>{A: 1}</c>.</summary>
    public static string Key(Value key) => key.ToString();
}
