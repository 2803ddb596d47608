using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Conifer.Values;
using Conifer.Values.Codecs;
using MessagePack;

namespace Conifer.Benchmarks.Values;

/// <summary>
/// Encoding and decoding a state of 1,000,000 small records as a value tree, against
/// MessagePack-CSharp's own dynamic (map-shaped) serializer on the same data and bytes layout:
/// a root map holding an array of maps {Id, Name, Tags, Active}.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class TreeCodecBenchmarks
{
    private const int Records = 1_000_000;

    private static readonly byte[] ItemsKey = Key("Items");
    private static readonly byte[] IdKey = Key("Id");
    private static readonly byte[] NameKey = Key("Name");
    private static readonly byte[] TagsKey = Key("Tags");
    private static readonly byte[] ActiveKey = Key("Active");

    private Value _tree = Value.Null.Instance;
    private byte[] _treeBytes = [];
    private Dictionary<string, object> _map = [];
    private (int Id, string Name, string[] Tags, bool Active)[] _rows = [];
    private byte[] _mapBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var items = new Value[Records];
        _rows = new (int, string, string[], bool)[Records];
        var maps = new object[Records];
        for (var i = 0; i < Records; i++)
        {
            var name = $"user{i:D6}";
            var tags = new[] { "tag" + (i % 7), "grp" + (i % 13) };
            items[i] = new Value.Record([
                new Field("Id", new Value.Int(i)),
                new Field("Name", new Value.String(name)),
                new Field("Tags", new Value.List([new Value.String(tags[0]), new Value.String(tags[1])])),
                new Field("Active", Value.Bool.Of(i % 3 == 0)),
            ]);
            _rows[i] = (i, name, tags, i % 3 == 0);
            maps[i] = new Dictionary<string, object> { ["Id"] = i, ["Name"] = name, ["Tags"] = tags, ["Active"] = i % 3 == 0 };
        }
        _tree = new Value.Record([new Field("Items", new Value.List([.. items]))]);
        _map = new Dictionary<string, object> { ["Items"] = maps };
        _treeBytes = ValueMessagePackCodec.Encode(_tree);
        _mapBytes = MessagePackSerializer.Serialize<object>(_map);
        Console.WriteLine($"// encoded sizes: tree {_treeBytes.Length:N0} bytes, baseline {_mapBytes.Length:N0} bytes");
        Console.WriteLine($"// hand-written loop writes the same bytes as the tree codec: {Encode_handwritten().AsSpan().SequenceEqual(_treeBytes)}");
    }

    [Benchmark(Baseline = true, Description = "MessagePack-CSharp Serialize<object> (map)")]
    [BenchmarkCategory("Encode")]
    public byte[] Encode_baseline() => MessagePackSerializer.Serialize<object>(_map);

    [Benchmark(Description = "ValueMessagePackCodec.Encode")]
    [BenchmarkCategory("Encode")]
    public byte[] Encode_tree() => ValueMessagePackCodec.Encode(_tree);

    /// <summary>The floor: the same bytes written from plain CLR rows by a hand-written loop with pre-encoded keys.</summary>
    [Benchmark(Description = "hand-written MessagePackWriter loop")]
    [BenchmarkCategory("Encode")]
    public byte[] Encode_handwritten()
    {
        using var buffer = new PooledBufferWriter();
        var writer = new MessagePackWriter(buffer);
        writer.WriteRaw(ValueFormat.Header);
        writer.WriteMapHeader(1);
        writer.WriteRaw(ItemsKey);
        writer.WriteArrayHeader(_rows.Length);
        foreach (var (id, name, tags, active) in _rows)
        {
            writer.WriteMapHeader(4);
            writer.WriteRaw(IdKey);
            writer.Write(id);
            writer.WriteRaw(NameKey);
            writer.Write(name);
            writer.WriteRaw(TagsKey);
            writer.WriteArrayHeader(tags.Length);
            foreach (var tag in tags)
            {
                writer.Write(tag);
            }
            writer.WriteRaw(ActiveKey);
            writer.Write(active);
        }
        writer.Flush();
        return buffer.ToArray();
    }

    [Benchmark(Baseline = true, Description = "MessagePack-CSharp Deserialize<object> (map)")]
    [BenchmarkCategory("Decode")]
    public object Decode_baseline() => MessagePackSerializer.Deserialize<object>(_mapBytes);

    [Benchmark(Description = "ValueMessagePackCodec.Decode")]
    [BenchmarkCategory("Decode")]
    public Value Decode_tree() => ValueMessagePackCodec.Decode(_treeBytes);

    private static byte[] Key(string name) => [(byte)(0xa0 | name.Length), .. System.Text.Encoding.UTF8.GetBytes(name)];
}
