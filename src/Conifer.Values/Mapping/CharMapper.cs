namespace Conifer.Values.Mapping;

/// <summary><see cref="char"/> ⇄ a String of length 1.</summary>
internal sealed class CharMapper : TextMapper<char>
{
    public override string Expected => "char";

    public override bool HasDirectOrder => true;

    public override int Compare(char x, char y) => x.CompareTo(y);

    protected override string Format(char clr) => clr.ToString();

    protected override bool TryParse(string text, out char clr)
    {
        clr = text.Length == 1 ? text[0] : '\0';
        return text.Length == 1;
    }
}
