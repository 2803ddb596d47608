namespace Conifer.Values;

/// <summary>A named field of a <see cref="Value.Record"/> or <see cref="Value.Tagged"/>.</summary>
public readonly record struct Field(string Name, Value Value)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Value}";
}
