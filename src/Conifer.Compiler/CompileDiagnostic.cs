namespace Conifer.Compiler;

/// <summary>
/// One reason an app version was rejected: a C# compile error (<c>CS…</c>) or a Conifer rule
/// (<c>CNF…</c>, listed in docs/app-rules.md), at a 1-based position in a source file.
/// </summary>
/// <param name="File">The relative path of the source file (<c>/</c> separators).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Id">The diagnostic id, e.g. <c>CS0103</c> or <c>CNF0201</c>.</param>
/// <param name="Message">What is wrong, in one sentence.</param>
/// <param name="Hint">How to fix it, in one line; <c>null</c> for plain C# errors.</param>
public sealed record CompileDiagnostic(string File, int Line, int Column, string Id, string Message, string? Hint)
{
    /// <summary>The diagnostic as a compiler would print it: <c>file:line:column: error ID: message (hint)</c>.</summary>
    public override string ToString() =>
        Hint is null
            ? $"{File}:{Line}:{Column}: error {Id}: {Message}"
            : $"{File}:{Line}:{Column}: error {Id}: {Message} ({Hint})";
}
