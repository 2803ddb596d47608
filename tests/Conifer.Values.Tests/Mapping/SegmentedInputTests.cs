using System.Buffers;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;
using FsCheck.Xunit;
using MessagePack;

namespace Conifer.Values.Tests.Mapping;

[Properties(Arbitrary = [typeof(StateArbitraries)], MaxTest = 40)]
public class SegmentedInputTests
{
    [Property]
    public void A_node_split_into_tiny_segments_reads_like_a_contiguous_one(State state)
    {
        var mapper = ValueMapper.For<State>();
        var node = mapper.Serialize(state)[4..];
        var reader = new MessagePackReader(Split(node, 3));

        var back = Assert.IsType<LenientResult<State>.Fits>(mapper.Read(ref reader)).Value;

        Assert.Equal(mapper.ToValue(state), mapper.ToValue(back));
        Assert.True(reader.End);
    }

    [Property]
    public void Unknown_fields_in_a_segmented_node_after_other_data_are_skipped_like_contiguous_ones(State state)
    {
        var previous = ValueMapper.For<PreviousState>();
        byte[] bytes = [0x2a, .. ValueMapper.For<State>().Serialize(state)[4..], 0xc0];
        var reader = new MessagePackReader(Split(bytes, 3));
        Assert.Equal(42, reader.ReadInt32());

        var back = Assert.IsType<LenientResult<PreviousState>.Fits>(previous.Read(ref reader)).Value;

        var contiguous = Assert.IsType<LenientResult<PreviousState>.Fits>(previous.Deserialize(ValueMapper.For<State>().Serialize(state))).Value;
        Assert.Equal(previous.ToValue(contiguous), previous.ToValue(back));
        Assert.True(reader.TryReadNil());
        Assert.True(reader.End);
    }

    private static ReadOnlySequence<byte> Split(byte[] bytes, int size)
    {
        var first = new Segment(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
        var last = first;
        for (var at = size; at < bytes.Length; at += size)
        {
            last = last.Append(bytes.AsMemory(at, Math.Min(size, bytes.Length - at)));
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
