using System.Collections.Immutable;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;

namespace Conifer.Values.Tests.Mapping;

public class SmokeTests
{
    [Fact]
    public void Smoke()
    {
        var state = new State(
            ImmutableDictionary<string, User>.Empty.Add("root", new User("Root", [Role.Admin], null, 4, Guid.NewGuid(), DateTimeOffset.UnixEpoch, 1.50m)),
            ImmutableSortedDictionary<int, string>.Empty.Add(3, "c"),
            ImmutableDictionary<Point, ImmutableList<int>>.Empty.Add(new Point(1, 2), [1, 2]),
            ["a", "b"], [5L, 1L], [new Shape.Circle(2), new Shape.Dot()], new Shape.Rect(1, 2), Role.Guest, -5, true, 0.5, 200, 'x', [1, 2, 3]);
        var mapper = ValueMapper.For<State>();
        var tree = mapper.ToValue(state);
        var bytes = mapper.Serialize(state);
        Assert.Equal(Convert.ToHexString(TreeEncoder.Document(tree)), Convert.ToHexString(bytes));
        var back = Assert.IsType<LenientResult<State>.Fits>(mapper.Deserialize(bytes)).Value;
        var back2 = Assert.IsType<LenientResult<State>.Fits>(mapper.FromValue(tree)).Value;
        Assert.Equal(tree, mapper.ToValue(back));
        Assert.Equal(tree, mapper.ToValue(back2));
    }
}
