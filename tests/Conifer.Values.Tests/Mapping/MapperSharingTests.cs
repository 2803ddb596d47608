using System.Buffers;
using System.Collections.Immutable;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;
using MessagePack;

namespace Conifer.Values.Tests.Mapping;

public class MapperSharingTests
{
    [Fact]
    public void Mappers_are_built_once_and_shared_between_threads()
    {
        var mappers = new IValueMapper[64];

        Parallel.For(0, mappers.Length, i => mappers[i] = ValueMapper.For(i % 2 == 0 ? typeof(Org) : typeof(ImmutableList<Org>)));

        Assert.Single(mappers.Where((_, i) => i % 2 == 0).Distinct());
        Assert.Single(mappers.Where((_, i) => i % 2 == 1).Distinct());
        Assert.Same(ValueMapper.For<Org>(), ValueMapper.For(typeof(Org)));
    }

    [Fact]
    public void Write_puts_only_the_node_into_a_larger_message()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        ValueMapper.For(typeof(Point)).Write(ref writer, new Point(1, 2));
        ValueMapper.For<Role>().Write(ref writer, Role.Member);
        writer.Flush();

        Assert.Equal(
            Convert.ToHexString([0x92, .. TreeEncoder.Document(Stored.Record(("X", Stored.Int(1)), ("Y", Stored.Int(2))))[4..], .. TreeEncoder.Document(Stored.Tagged("Member"))[4..]]),
            Convert.ToHexString(buffer.WrittenSpan));
    }

    [Fact]
    public void Read_takes_one_node_out_of_a_larger_message()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write("header");
        ValueMapper.For<ImmutableDictionary<string, int>>().Write(ref writer, ImmutableDictionary<string, int>.Empty.Add("k", 1));
        writer.Flush();
        var reader = new MessagePackReader(buffer.WrittenMemory);
        reader.ReadArrayHeader();
        reader.Skip();

        var result = ValueMapper.For(typeof(ImmutableDictionary<string, string>)).Read(ref reader);

        Assert.Equal(["$[\"k\"]: stored Int 1, expected string"], Assert.IsType<LenientResult<object?>.Mismatches>(result).All.Select(m => m.ToString()));
        Assert.True(reader.End);
    }

    [Fact]
    public void The_boxed_mapper_refuses_a_value_of_another_type_naming_both()
    {
        var e = Assert.Throws<ArgumentException>(() => ValueMapper.For(typeof(Point)).Serialize("not a point"));

        Assert.Contains("Expected a Conifer.Values.Tests.Mapping.Point, got System.String", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nullable_annotations_inside_collections_are_respected()
    {
        Assert.Equal(["a", null], Stored.Fits<Holder>(Stored.Record(("Names", Stored.List(Stored.Str("a"), Stored.Null)), ("Plain", Stored.List()))).Names);
        Assert.Equal(
            ["$.Plain[0]: stored Null, expected string"],
            Stored.Mismatches<Holder>(Stored.Record(("Names", Stored.List()), ("Plain", Stored.List(Stored.Null)))));
    }

    [Fact]
    public void The_boxed_mapper_reports_mismatches_like_the_typed_one()
    {
        var result = ValueMapper.For(typeof(Point)).FromValue(Stored.Record(("X", Stored.Str("1"))));

        Assert.Equal(
            ["$.X: stored String \"1\", expected int", "$.Y: stored record without field 'Y', expected int"],
            Assert.IsType<LenientResult<object?>.Mismatches>(result).All.Select(m => m.ToString()));
    }

    public sealed record Holder(ImmutableList<string?> Names, ImmutableArray<string> Plain);
}
