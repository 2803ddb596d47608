namespace Conifer.Values.Codecs;

/// <summary>Turns messages of exceptions raised by the tree's constructors and the JSON reader into problem text for a <see cref="ValueFormatException"/>.</summary>
internal static class ErrorText
{
    /// <summary>The message without the "(Parameter 'x')" suffix and the closing period, so that " at offset N." can follow.</summary>
    public static string Of(ArgumentException e)
    {
        var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
        return message.TrimEnd().TrimEnd('.');
    }

    /// <summary>The first part of a reader message, without its position suffix (the offset is reported separately) and closing period.</summary>
    public static string Of(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd().TrimEnd('.');
    }
}
