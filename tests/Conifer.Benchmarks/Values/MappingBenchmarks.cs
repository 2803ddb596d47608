using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;
using MessagePack;

namespace Conifer.Benchmarks.Values;

/// <summary>
/// CLR ⇄ MessagePack for a state of 1,000,000 small records, through Conifer's mapping fast path
/// (lenient check included on decode) against MessagePack-CSharp's typed serializer in string-keyed
/// map mode (<c>keyAsPropertyName</c>) on an equivalent type set, the baseline of each category.
/// Encoded sizes are printed by the global setup.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class MappingBenchmarks
{
    private const int Count = 1_000_000;

    private readonly ValueMapper<BenchState> _mapper = ValueMapper.For<BenchState>();
    private BenchState _state = null!;
    private MessagePackState _baselineState = null!;
    private byte[] _coniferBytes = [];
    private byte[] _baselineBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var items = new BenchItem[Count];
        var baselineItems = new MessagePackItem[Count];
        for (var i = 0; i < Count; i++)
        {
            var name = $"user-{i % 100_000:D5}";
            ImmutableArray<string> tags = [$"t{i % 7}", $"g{i % 13}"];
            items[i] = new BenchItem(i, name, tags, i % 3 == 0);
            baselineItems[i] = new MessagePackItem(i, name, tags, i % 3 == 0);
        }
        _state = new BenchState([.. items]);
        _baselineState = new MessagePackState([.. baselineItems]);
        _coniferBytes = _mapper.Serialize(_state);
        _baselineBytes = MessagePackSerializer.Serialize(_baselineState);
        Console.WriteLine($"// Encoded bytes: Conifer {_coniferBytes.Length:N0}, MessagePack-CSharp {_baselineBytes.Length:N0}, ratio {(double)_coniferBytes.Length / _baselineBytes.Length:F3}");
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encode")]
    public byte[] Encode_MessagePackCSharp() => MessagePackSerializer.Serialize(_baselineState);

    [Benchmark]
    [BenchmarkCategory("Encode")]
    public byte[] Encode_Conifer() => _mapper.Serialize(_state);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Decode")]
    public MessagePackState Decode_MessagePackCSharp() => MessagePackSerializer.Deserialize<MessagePackState>(_baselineBytes);

    [Benchmark]
    [BenchmarkCategory("Decode")]
    public BenchState Decode_Conifer() => _mapper.Deserialize(_coniferBytes) is LenientResult<BenchState>.Fits fits
        ? fits.Value
        : throw new InvalidOperationException("The benchmark state does not fit its own type.");
}

/// <summary>One small record of the benchmark state.</summary>
public sealed record BenchItem(int Id, string Name, ImmutableArray<string> Tags, bool Active);

/// <summary>The benchmark state: 1,000,000 small records.</summary>
public sealed record BenchState(ImmutableArray<BenchItem> Items);

/// <summary>The baseline's equivalent of <see cref="BenchItem"/>.</summary>
[MessagePackObject(keyAsPropertyName: true)]
public sealed record MessagePackItem(int Id, string Name, ImmutableArray<string> Tags, bool Active);

/// <summary>The baseline's equivalent of <see cref="BenchState"/>.</summary>
[MessagePackObject(keyAsPropertyName: true)]
public sealed record MessagePackState(ImmutableArray<MessagePackItem> Items);
