using System.CommandLine;

namespace Conifer.Cli;

/// <summary>"Did you mean …?" for a mistyped command or option: the closest name the command line knows at that point.</summary>
internal static class Suggestions
{
    /// <summary>The closest known command or option name for each unmatched token that has one, in order.</summary>
    public static IEnumerable<(string Token, string Suggestion)> For(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var commands = command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name)).ToList();
        var options = OptionsIn(parsed.CommandResult).ToList();
        foreach (var token in parsed.UnmatchedTokens.Distinct())
        {
            var candidates = token.StartsWith('-') ? options : commands;
            var best = candidates
                .Select(name => (Name: name, Distance: Distance(token, name)))
                .Where(c => c.Distance <= Math.Max(1, Math.Min(3, c.Name.TrimStart('-').Length / 3)))
                .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best.Name is not null)
            {
                yield return (token, best.Name);
            }
        }
    }

    private static IEnumerable<string> OptionsIn(System.CommandLine.Parsing.CommandResult result)
    {
        for (System.CommandLine.Parsing.SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is System.CommandLine.Parsing.CommandResult { Command: var command })
            {
                foreach (var option in command.Options.Where(o => !o.Hidden && (current == result || o.Recursive)))
                {
                    yield return option.Name;
                    foreach (var alias in option.Aliases)
                    {
                        yield return alias;
                    }
                }
            }
        }
    }

    /// <summary>Edit distance, ignoring case, where swapping two neighbouring letters counts as one edit.</summary>
    internal static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
