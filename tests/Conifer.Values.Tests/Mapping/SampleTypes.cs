using System.Collections.Immutable;

namespace Conifer.Values.Tests.Mapping;

public enum Role
{
    Admin,
    Member,
    Guest,
}

public abstract record Shape
{
    public sealed record Circle(double Radius) : Shape;

    public sealed record Rect(double Width, double Height) : Shape;

    public sealed record Dot : Shape;
}

public sealed record Point(int X, int Y);

public sealed record User(
    string Name,
    ImmutableArray<Role> Roles,
    string? Email,
    int? Age,
    Guid Id,
    DateTimeOffset Joined,
    decimal Balance);

public sealed record State(
    ImmutableDictionary<string, User> Users,
    ImmutableSortedDictionary<int, string> Names,
    ImmutableDictionary<Point, ImmutableList<int>> Grid,
    ImmutableHashSet<string> Tags,
    ImmutableSortedSet<long> Numbers,
    ImmutableList<Shape> Shapes,
    Shape? Current,
    Role Mode,
    long Counter,
    bool Flag,
    double Ratio,
    byte Small,
    char Letter,
    ImmutableArray<byte> Blob);

/// <summary>A class with a parameterless constructor and init setters instead of a positional constructor.</summary>
public sealed class Settings
{
    public string Title { get; init; } = "";

    public int Limit { get; init; }

    public ImmutableList<string> Hosts { get; init; } = [];

    public string Summary => $"{Title} ({Limit})";
}

public sealed record Tree(string Label, ImmutableList<Tree> Children);
