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

    private Value _tree = Value.Null.Instance;
    private byte[] _treeBytes = [];
    private Dictionary<string, object> _map = [];
    private byte[] _mapBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var items = new Value[Records];
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
            maps[i] = new Dictionary<string, object> { ["Id"] = i, ["Name"] = name, ["Tags"] = tags, ["Active"] = i % 3 == 0 };
        }
        _tree = new Value.Record([new Field("Items", new Value.List([.. items]))]);
        _map = new Dictionary<string, object> { ["Items"] = maps };
        _treeBytes = ValueMessagePackCodec.Encode(_tree);
        _mapBytes = MessagePackSerializer.Serialize<object>(_map);
        Console.WriteLine($"// encoded sizes: tree {_treeBytes.Length:N0} bytes, baseline {_mapBytes.Length:N0} bytes");
    }

    [Benchmark(Baseline = true, Description = "MessagePack-CSharp Serialize<object> (map)")]
    [BenchmarkCategory("Encode")]
    public byte[] Encode_baseline() => MessagePackSerializer.Serialize<object>(_map);

    [Benchmark(Description = "ValueMessagePackCodec.Encode")]
    [BenchmarkCategory("Encode")]
    public byte[] Encode_tree() => ValueMessagePackCodec.Encode(_tree);

    [Benchmark(Baseline = true, Description = "MessagePack-CSharp Deserialize<object> (map)")]
    [BenchmarkCategory("Decode")]
    public object Decode_baseline() => MessagePackSerializer.Deserialize<object>(_mapBytes);

    [Benchmark(Description = "ValueMessagePackCodec.Decode")]
    [BenchmarkCategory("Decode")]
    public Value Decode_tree() => ValueMessagePackCodec.Decode(_treeBytes);
}
