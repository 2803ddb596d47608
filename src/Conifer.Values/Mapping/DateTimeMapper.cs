using System.Globalization;

namespace Conifer.Values.Mapping;

/// <summary>
/// <see cref="DateTime"/> ⇄ String in the round-trip "o" form, which keeps the kind (a UTC time ends in <c>Z</c>).
/// State should prefer <see cref="DateTimeOffset"/>; this exists so that events and simple states still map.
/// </summary>
internal sealed class DateTimeMapper : TextMapper<DateTime>
{
    public override string Expected => "DateTime";

    protected override string Format(DateTime clr) => clr.ToString("o", CultureInfo.InvariantCulture);

    protected override bool TryParse(string text, out DateTime clr) =>
        DateTime.TryParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out clr);
}
