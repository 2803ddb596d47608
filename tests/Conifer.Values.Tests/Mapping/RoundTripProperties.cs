using System.Collections.Immutable;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Conifer.Values.Tests.Mapping;

[Properties(Arbitrary = [typeof(StateArbitraries)], MaxTest = 150)]
public class RoundTripProperties
{
    private static readonly ValueMapper<State> Mapper = ValueMapper.For<State>();

    [Property]
    public void Clr_to_tree_to_clr_is_identity(State state)
    {
        var tree = Mapper.ToValue(state);

        var back = Assert.IsType<LenientResult<State>.Fits>(Mapper.FromValue(tree)).Value;

        Assert.Equal(tree, Mapper.ToValue(back));
    }

    [Property]
    public void Clr_to_bytes_to_clr_is_identity(State state)
    {
        var back = Assert.IsType<LenientResult<State>.Fits>(Mapper.Deserialize(Mapper.Serialize(state))).Value;

        Assert.Equal(Mapper.ToValue(state), Mapper.ToValue(back));
        Assert.Equal(state.Users.Count, back.Users.Count);
    }

    [Property]
    public void The_fast_path_writes_exactly_the_specified_encoding_of_the_tree(State state)
    {
        Assert.Equal(Convert.ToHexString(TreeEncoder.Document(Mapper.ToValue(state))), Convert.ToHexString(Mapper.Serialize(state)));
    }

    [Property]
    public void Tree_path_and_byte_path_agree_on_damaged_trees(State state, PositiveInt target, byte replacement)
    {
        var tree = TreeDamage.Replace(Mapper.ToValue(state), target.Get, TreeDamage.Replacements[replacement % TreeDamage.Replacements.Length]);

        var fromTree = Mapper.FromValue(tree);
        var fromBytes = Mapper.Deserialize(TreeEncoder.Document(tree));

        switch (fromTree, fromBytes)
        {
            case (LenientResult<State>.Fits a, LenientResult<State>.Fits b):
                Assert.Equal(Mapper.ToValue(a.Value), Mapper.ToValue(b.Value));
                break;
            case (LenientResult<State>.Mismatches a, LenientResult<State>.Mismatches b):
                Assert.Equal(a.All.ToArray(), b.All.ToArray());
                break;
            default:
                Assert.Fail($"The tree path gave {fromTree} and the byte path gave {fromBytes}.");
                break;
        }
    }

    [Property]
    public void Data_written_as_the_new_type_reads_as_an_older_type_with_fewer_fields(State state)
    {
        var bytes = Mapper.Serialize(state);

        var previous = Assert.IsType<LenientResult<PreviousState>.Fits>(ValueMapper.For<PreviousState>().Deserialize(bytes)).Value;

        Assert.Equal(state.Users.Keys.Order(StringComparer.Ordinal), previous.Users.Keys.Order(StringComparer.Ordinal));
        Assert.All(state.Users, u => Assert.Equal(u.Value.Roles.ToArray(), previous.Users[u.Key].Roles.ToArray()));
        Assert.Equal(state.Counter, previous.Counter);
    }

    [Property]
    public void The_boxed_mapper_agrees_with_the_typed_one(State state)
    {
        var boxed = ValueMapper.For(typeof(State));

        Assert.Equal(Mapper.Serialize(state), boxed.Serialize(state));
        var back = Assert.IsType<LenientResult<object?>.Fits>(boxed.Deserialize(boxed.Serialize(state))).Value;
        Assert.Equal(boxed.ToValue(state), boxed.ToValue(back));
    }
}

public sealed record PreviousUser(string Name, ImmutableArray<Role> Roles);

public sealed record PreviousState(ImmutableDictionary<string, PreviousUser> Users, long Counter);

public static class StateArbitraries
{
    public static Arbitrary<State> State() => Arb.From(StateGenerators.State);
}
