using System.Globalization;

namespace Conifer.Values.Mapping;

/// <summary><see cref="DateTimeOffset"/> ⇄ String in the round-trip "o" form, offset kept (<c>2026-11-25T18:58:31.0000000+01:00</c>).</summary>
internal sealed class DateTimeOffsetMapper : TextMapper<DateTimeOffset>
{
    public override string Expected => "DateTimeOffset";

    protected override string Format(DateTimeOffset clr) => clr.ToString("o", CultureInfo.InvariantCulture);

    protected override bool TryParse(string text, out DateTimeOffset clr) =>
        DateTimeOffset.TryParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.None, out clr);
}
