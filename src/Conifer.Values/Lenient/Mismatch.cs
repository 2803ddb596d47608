namespace Conifer.Values.Lenient;

/// <summary>
/// One place where stored data does not fit the type it is read as.
/// The texts are part of the contract (tests and deploy reports show them verbatim);
/// docs/value-format.md, "The lenient check", lists every form.
/// </summary>
/// <param name="Path">Where in the value: <c>$</c> is the root, <c>.Name</c> a record or union-case field,
/// <c>[3]</c> a list item, <c>["root"]</c> the value under a dictionary key, <c>[key "root"]</c> the key itself.</param>
/// <param name="Stored">What the data holds there, e.g. <c>Tagged "Owner"</c> or <c>record without field 'Email'</c>.</param>
/// <param name="Expected">What the type expects there, e.g. <c>one of Admin, Member</c> or <c>string</c>.</param>
public sealed record Mismatch(string Path, string Stored, string Expected)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: stored {Stored}, expected {Expected}";
}
