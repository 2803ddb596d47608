using Conifer.App;

namespace Conifer.App.Tests;

public class CommandsTests
{
    [Fact]
    public void And_keeps_order_and_None_is_neutral()
    {
        var a = Commands.Respond("r1", 200, "a");
        var b = Commands.SetTimer("t", 5);

        var both = a.And(Commands.None).And(b);

        Assert.Equal(2, both.Items.Length);
        Assert.IsType<Command.Respond>(both.Items[0]);
        Assert.IsType<Command.SetTimer>(both.Items[1]);
        Assert.Same(a, a.And(Commands.None));
        Assert.True(both.Items.SequenceEqual(Commands.Batch(a, b).Items));
        Assert.Equal(Commands.Respond("r1", 200, "a"), a);
    }

    [Fact]
    public void Respond_encodes_the_body_as_utf8()
    {
        var respond = (Command.Respond)Commands.Respond("r1", 201, "grüße").Items.Single();

        Assert.Equal("r1", respond.RequestId);
        Assert.Equal(201, respond.StatusCode);
        Assert.Equal("grüße"u8.ToArray(), respond.Body.ToArray());
    }
}
