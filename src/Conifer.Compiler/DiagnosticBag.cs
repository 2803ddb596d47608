using System.Collections.Immutable;
using System.Globalization;
using Conifer.Compiler.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Conifer.Compiler;

/// <summary>
/// Collects diagnostics from the shape discovery, the rules and Roslyn. A rule reports once per
/// line (a line like <c>File.ReadAllText</c> binds both a type and a member of it); C# errors are
/// kept per position.
/// </summary>
internal sealed class DiagnosticBag
{
    private readonly Dictionary<(string File, int Line, int Column, string Id), CompileDiagnostic> _byLine = [];

    public bool IsEmpty => _byLine.Count == 0;

    public IEnumerable<CompileDiagnostic> All => _byLine.Values;

    /// <summary>Adds a rule diagnostic at <paramref name="location"/>; a second one with the same id on the same line is dropped.</summary>
    public void Add(Location location, string id, string message, string? hint)
    {
        var span = location.GetLineSpan();
        var file = location.SourceTree?.FilePath ?? "";
        Add(new CompileDiagnostic(file, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, id, message, hint));
    }

    public void Add(CompileDiagnostic diagnostic) =>
        _byLine.TryAdd((diagnostic.File, diagnostic.Line, diagnostic.Id.StartsWith("CS", StringComparison.Ordinal) ? diagnostic.Column : 0, diagnostic.Id), diagnostic);

    /// <summary>Adds Roslyn's errors; warnings do not reject an app.</summary>
    public void AddRoslyn(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            if (MigrationDecisionMarker(d) is { } decision)
            {
                Add(d.Location, RuleIds.MigrationDecision, $"migration decision needed: {decision}", "replace this MigrationDecision.Required<T>(...) with the expression that computes the new value");
                continue;
            }
            Add(d.Location, d.Id, d.GetMessage(CultureInfo.InvariantCulture), null);
        }
    }

    /// <summary>Drops diagnostics with <paramref name="id"/> when any C# error was reported.</summary>
    public void RemoveWhenCSharpErrors(string id)
    {
        if (_byLine.Values.Any(d => d.Id.StartsWith("CS", StringComparison.Ordinal)))
        {
            foreach (var key in _byLine.Keys.Where(k => k.Id == id).ToList())
            {
                _byLine.Remove(key);
            }
        }
    }

    public ImmutableArray<CompileDiagnostic> ToSortedArray() =>
        [.. _byLine.Values.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Id, StringComparer.Ordinal)];

    // The migration scaffold marks each field that needs a person's decision with a call to
    // MigrationDecision.Required<T>("what changed"), a name that deliberately does not exist, so
    // the app cannot deploy until every marker is replaced; here the C# error becomes a readable one.
    private static string? MigrationDecisionMarker(Diagnostic diagnostic)
    {
        if (diagnostic.Id != "CS0103" || diagnostic.Location.SourceTree is not { } tree)
        {
            return null;
        }
        var node = tree.GetRoot().FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node is not IdentifierNameSyntax { Identifier.ValueText: MigrationScaffold.DecisionMarker })
        {
            return null;
        }
        var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        return invocation?.ArgumentList.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax literal
            ? literal.Token.ValueText
            : "see the marker";
    }
}
