namespace Conifer.Values.Tests.Codecs;

/// <summary>
/// The fixed tree whose encodings are checked in under golden/: one of every node kind and the
/// edge cases of each. Never change it; a new format version gets a new tree and new files.
/// </summary>
internal static class GoldenTree
{
    public static Value V1 { get; } = new Value.Record(
    [
        new Field("Null", Value.Null.Instance),
        new Field("Bools", new Value.List([Value.Bool.False, Value.Bool.True])),
        new Field("Ints", new Value.List([
            new Value.Int(0), new Value.Int(-1), new Value.Int(127), new Value.Int(-33), new Value.Int(200), new Value.Int(-200),
            new Value.Int(70000), new Value.Int(-70000), new Value.Int(5_000_000_000), new Value.Int(long.MinValue), new Value.Int(long.MaxValue)])),
        new Field("Floats", new Value.List([
            new Value.Float(1.5), new Value.Float(-0.0), new Value.Float(0.1), new Value.Float(1e300), new Value.Float(double.Epsilon),
            new Value.Float(double.NaN), new Value.Float(double.PositiveInfinity), new Value.Float(double.NegativeInfinity)])),
        new Field("Decimals", new Value.List([
            new Value.Decimal(1.50m), new Value.Decimal(-0.001m), new Value.Decimal(decimal.MaxValue), new Value.Decimal(new decimal(0, 0, 0, true, 2))])),
        new Field("Strings", new Value.List([
            new Value.String(""), new Value.String("Ann"), new Value.String("名前 🙂 \"quoted\"\n"), new Value.String(new string('x', 40))])),
        new Field("Bytes", new Value.Bytes([0, 1, 2, 254, 255])),
        new Field("Empty", new Value.Record([])),
        new Field("$dollar", new Value.List([])),
        new Field("Ünïcödé", new Value.Tagged("Admin")),
        new Field("Shape", new Value.Tagged("Circle", [new Field("Radius", new Value.Float(2.0)), new Field("Tags", new Value.List([new Value.String("a")]))])),
        new Field("Users", new Value.Dict([
            new(new Value.String("root"), new Value.Record([new Field("Id", new Value.Int(1)), new Field("Active", Value.Bool.True)])),
            new(new Value.Int(42), new Value.Tagged("Guest")),
            new(new Value.List([new Value.Int(1), new Value.Int(2)]), Value.Null.Instance)])),
        new Field("NoEntries", new Value.Dict([])),
    ]);
}
