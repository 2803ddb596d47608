namespace Conifer.Values.Mapping;

/// <summary><see cref="Guid"/> ⇄ String in the "D" form (<c>0f8fad5b-d9cb-469f-a165-70867728950e</c>).</summary>
internal sealed class GuidMapper : TextMapper<Guid>
{
    public override string Expected => "Guid";

    protected override string Format(Guid clr) => clr.ToString("D");

    protected override bool TryParse(string text, out Guid clr) => Guid.TryParseExact(text, "D", out clr);
}
