namespace Conifer.Values.Lenient;

/// <summary>
/// A stored record field that the type it was read as does not declare, so the read dropped it
/// (DESIGN §2: extra stored fields are ignored). Reported so that data a migration leaves behind is
/// never dropped silently. Occurrences are grouped by <see cref="Pattern"/>: list indexes and
/// dictionary keys are written <c>[*]</c>, so a field ignored in a million list items is one entry.
/// </summary>
/// <param name="Pattern">The field's path with every index and key as <c>[*]</c>, e.g. <c>$.Users[*].Email</c>.</param>
/// <param name="FirstPath">The first place it was met, e.g. <c>$.Users[0].Email</c>.</param>
/// <param name="Preview">A short preview of the value found there (<see cref="Value.Preview"/>).</param>
/// <param name="Count">How many times the field was met under <see cref="Pattern"/>.</param>
public sealed record IgnoredField(string Pattern, string FirstPath, string Preview, long Count)
{
    /// <summary>The length of <see cref="Preview"/> at most.</summary>
    public const int PreviewChars = 80;

    /// <inheritdoc />
    public override string ToString() => Count == 1
        ? $"{FirstPath}: stored {Preview}, ignored (the type has no such field)"
        : $"{Pattern}: ignored in {Count} places (the type has no such field), e.g. {FirstPath} = {Preview}";
}
