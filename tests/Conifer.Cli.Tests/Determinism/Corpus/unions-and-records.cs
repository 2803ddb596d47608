// stops: nothing to stop; records and unions compare and print by value
// expect: identical states in both environments
namespace Backend;

public sealed record State(int Count, ImmutableList<string> Log);

public sealed class App : IWebServiceApp<State>
{
    public static (State State, Commands Commands) Init() => (new State(0, []), Commands.None);

    public static (State State, Commands Commands) OnHttpRequest(HttpRequestEvent request, State state)
    {
        var text = Compute(request, state);
        return (state with { Count = state.Count + 1, Log = state.Log.Add(text) }, Commands.Respond(request.Id, 200, text));
    }

    private static string Compute(HttpRequestEvent request, State state)
    {
        Shape shape = request.BodyText.Length % 2 == 0 ? new Shape.Circle(request.BodyText.Length) : new Shape.Square(state.Count);
        var area = shape switch { Shape.Circle c => 3.14159 * c.Radius * c.Radius, Shape.Square s => s.Side * s.Side, _ => 0 };
        return shape + " " + area.ToString("F3") + " " + (shape == shape with { }).ToString();
    }

    public abstract record Shape
    {
        public sealed record Circle(double Radius) : Shape;

        public sealed record Square(double Side) : Shape;
    }
}
