using System.Collections.Immutable;
using System.Text;
using Conifer.App;
using Conifer.Values.Mapping;

namespace Conifer.Values.Tests.Mapping;

public class ShapeTests
{
    [Fact]
    public void Fields_are_the_constructor_parameters_in_declaration_order_and_computed_properties_are_not()
    {
        var request = new HttpRequestEvent("r1", 1_700_000_000_000, "POST", "/users?x=1", [new HttpHeader("Host", "a")], [.. "14"u8]);

        var tree = Assert.IsType<Value.Record>(ValueMapper.For<HttpRequestEvent>().ToValue(request));

        Assert.Equal(["Id", "PosixTimeMilli", "Method", "Path", "Headers", "Body"], tree.Fields.Select(f => f.Name));
        Assert.Equal(new Value.Bytes([.. Encoding.UTF8.GetBytes("14")]), tree.Fields[5].Value);
    }

    [Fact]
    public void The_app_events_round_trip_through_bytes()
    {
        var request = new HttpRequestEvent("r1", 5, "GET", "/", [new HttpHeader("A", "b"), new HttpHeader("C", "d")], []);
        var response = new HttpResponseEvent("o1", 6, 0, [], [1, 2], "connection refused");
        var timer = new TimerEvent("t", 7);

        var requestBack = RoundTrip(request);
        Assert.Equal(request.Headers.ToArray(), requestBack.Headers.ToArray());
        Assert.Equal(request with { Headers = requestBack.Headers, Body = requestBack.Body }, requestBack);
        Assert.Equal("connection refused", RoundTrip(response).Error);
        Assert.Equal(timer, RoundTrip(timer));
    }

    [Fact]
    public void A_class_with_init_setters_maps_its_settable_properties()
    {
        var settings = new Settings { Title = "t", Limit = 3, Hosts = ["a", "b"] };

        var tree = Assert.IsType<Value.Record>(ValueMapper.For<Settings>().ToValue(settings));
        var back = RoundTrip(settings);

        Assert.Equal(["Title", "Limit", "Hosts"], tree.Fields.Select(f => f.Name));
        Assert.Equal(("t", 3), (back.Title, back.Limit));
        Assert.Equal(["a", "b"], back.Hosts);
    }

    [Fact]
    public void Recursive_types_map()
    {
        var tree = new Tree("root", [new Tree("a", []), new Tree("b", [new Tree("c", [])])]);

        var back = RoundTrip(tree);

        Assert.Equal("c", back.Children[1].Children[0].Label);
    }

    [Fact]
    public void Union_cases_are_tagged_with_the_case_type_name()
    {
        var mapper = ValueMapper.For<Shape>();

        Assert.Equal(Stored.Tagged("Circle", ("Radius", new Value.Float(2))), mapper.ToValue(new Shape.Circle(2)));
        Assert.Equal(Stored.Tagged("Dot"), mapper.ToValue(new Shape.Dot()));
    }

    [Fact]
    public void Primitives_map_to_their_documented_nodes()
    {
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var at = new DateTimeOffset(2026, 11, 25, 18, 58, 31, TimeSpan.FromHours(1));

        Assert.Equal(Stored.Str("0f8fad5b-d9cb-469f-a165-70867728950e"), ValueMapper.For<Guid>().ToValue(id));
        Assert.Equal(Stored.Str("2026-11-25T18:58:31.0000000+01:00"), ValueMapper.For<DateTimeOffset>().ToValue(at));
        Assert.Equal(Stored.Str("x"), ValueMapper.For<char>().ToValue('x'));
        Assert.Equal(new Value.Float(0.5), ValueMapper.For<float>().ToValue(0.5f));
        Assert.Equal(new Value.Decimal(1.50m), ValueMapper.For<decimal>().ToValue(1.50m));
        Assert.Equal(Stored.Int(200), ValueMapper.For<byte>().ToValue(200));
        Assert.Equal(new Value.Bytes([1]), ValueMapper.For<byte[]>().ToValue([1]));
        Assert.Equal(Stored.List(Stored.Int(1)), ValueMapper.For<int[]>().ToValue([1]));
        Assert.Equal(Stored.Null, ValueMapper.For<int?>().ToValue(null));
        Assert.Equal(at, RoundTrip(at));
        Assert.Equal(TimeSpan.FromHours(1), RoundTrip(at).Offset);
        Assert.Equal(DateTimeKind.Utc, RoundTrip(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)).Kind);
    }

    [Fact]
    public void Every_nan_is_written_as_the_one_specified_nan()
    {
        var quiet = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001);

        Assert.Equal(
            Convert.ToHexString(ValueMapper.For<double>().Serialize(double.NaN)),
            Convert.ToHexString(ValueMapper.For<double>().Serialize(quiet)));
        Assert.Equal("435654" + "01" + "CBFFF8000000000000", Convert.ToHexString(ValueMapper.For<float>().Serialize(float.NaN)));
    }

    [Fact]
    public void Immutable_interfaces_map_to_their_immutable_implementations()
    {
        IImmutableList<int> list = ImmutableList.Create(1, 2);
        IImmutableDictionary<string, int> dict = ImmutableDictionary<string, int>.Empty.Add("a", 1);
        IImmutableSet<int> set = ImmutableHashSet.Create(3);

        Assert.Equal([1, 2], RoundTrip(list));
        Assert.Equal(1, RoundTrip(dict)["a"]);
        Assert.Contains(3, RoundTrip(set));
    }

    private static T RoundTrip<T>(T value)
    {
        var mapper = ValueMapper.For<T>();
        var fromBytes = Stored.Fits<T>(mapper.ToValue(value));
        Assert.Equal(mapper.ToValue(value), mapper.ToValue(fromBytes));
        return fromBytes;
    }
}
