using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Conifer.Compiler.Rules;

/// <summary>
/// Refuses record types that can contain themselves unless they write their own equality, hash and
/// printing. The members the C# compiler writes for a record (<c>Equals</c>, <c>GetHashCode</c>,
/// <c>PrintMembers</c> behind <c>ToString</c>) call the same members of every field, so on a record
/// that can contain itself they recurse as deep as the value is; they are not source, so the
/// metering rewrite cannot give them the stack check, and a deep enough value (built in a handler, an
/// admin function or an eval) ends the process with a stack overflow no <c>catch</c> can stop. The
/// same members written by the app are ordinary metered code and throw the stack-depth limit instead.
/// </summary>
/// <remarks>
/// A record reaches another through an instance field or property of that record's type (or of a
/// nullable or a tuple of it, whose equality is structural too), through its base record (its
/// <c>Equals</c> calls the base's), and from a base record to every record derived from it (the call
/// is virtual). Immutable collections are not followed: their equality is by reference.
/// </remarks>
internal static class RecursiveRecordRules
{
    public static void Check(Compilation compilation, DiagnosticBag diagnostics)
    {
        var records = new List<(INamedTypeSymbol Type, Location At)>();
        foreach (var tree in compilation.SyntaxTrees.Where(t => t.FilePath != AppCompiler.GlobalUsingsPath))
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<RecordDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is INamedTypeSymbol type)
                {
                    records.Add((type, declaration.Identifier.GetLocation()));
                }
            }
        }
        var sourceRecords = records.Select(r => r.Type).ToHashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var (type, at) in records)
        {
            if (!HasOwnData(type) || WritesOwnMembers(type) || Through(type, sourceRecords) is not { } member)
            {
                continue;
            }
            diagnostics.Add(at, RuleIds.RecursiveRecord,
                $"record {type.Name} can contain itself (through {member}): the Equals, GetHashCode and ToString the compiler writes for it recurse without the stack check, so comparing or printing a deep value would end the process",
                $"write Equals({type.Name}? other), GetHashCode() and PrintMembers(StringBuilder builder) in {type.Name} yourself (app code is stack-checked), or make {type.Name} a class");
        }
    }

    private static bool HasOwnData(INamedTypeSymbol type) => DataMembers(type).Any();

    private static IEnumerable<(string Name, ITypeSymbol Type)> DataMembers(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false, IsConst: false } field:
                    yield return (field.Name, field.Type);
                    break;
                case IPropertySymbol { IsStatic: false, IsIndexer: false, Name: not "EqualityContract" } property:
                    yield return (property.Name, property.Type);
                    break;
            }
        }
    }

    private static bool WritesOwnMembers(INamedTypeSymbol type)
    {
        bool Declares(string name, Func<IMethodSymbol, bool> shape) =>
            type.GetMembers(name).OfType<IMethodSymbol>().Any(m => !m.IsImplicitlyDeclared && shape(m));
        return Declares("Equals", m => m.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type.OriginalDefinition, type.OriginalDefinition))
            && Declares("GetHashCode", m => m.Parameters.Length == 0)
            && Declares("PrintMembers", m => m.Parameters.Length == 1);
    }

    /// <summary>The first of <paramref name="start"/>'s members through which it can reach itself, or null.</summary>
    private static string? Through(INamedTypeSymbol start, HashSet<INamedTypeSymbol> sourceRecords)
    {
        foreach (var (name, memberType) in DataMembers(start))
        {
            var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            var pending = new Stack<INamedTypeSymbol>(RecordsIn(memberType, sourceRecords));
            while (pending.TryPop(out var next))
            {
                if (SymbolEqualityComparer.Default.Equals(next.OriginalDefinition, start.OriginalDefinition))
                {
                    return $"{start.Name}.{name}";
                }
                if (!seen.Add(next))
                {
                    continue;
                }
                foreach (var reached in Edges(next, sourceRecords))
                {
                    pending.Push(reached);
                }
            }
        }
        return null;
    }

    private static IEnumerable<INamedTypeSymbol> Edges(INamedTypeSymbol record, HashSet<INamedTypeSymbol> sourceRecords)
    {
        foreach (var (_, type) in DataMembers(record))
        {
            foreach (var reached in RecordsIn(type, sourceRecords))
            {
                yield return reached;
            }
        }
        if (record.BaseType is { } baseType && sourceRecords.Contains(baseType.OriginalDefinition))
        {
            yield return baseType;
        }
    }

    /// <summary>The source records a value of <paramref name="type"/> compares structurally: the record, its derived records, and through nullables and tuples.</summary>
    private static IEnumerable<INamedTypeSymbol> RecordsIn(ITypeSymbol type, HashSet<INamedTypeSymbol> sourceRecords)
    {
        if (type is not INamedTypeSymbol named)
        {
            yield break;
        }
        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T || named.IsTupleType)
        {
            foreach (var argument in named.IsTupleType ? named.TupleElements.Select(e => e.Type) : named.TypeArguments)
            {
                foreach (var reached in RecordsIn(argument, sourceRecords))
                {
                    yield return reached;
                }
            }
            yield break;
        }
        if (!sourceRecords.Contains(named.OriginalDefinition))
        {
            yield break;
        }
        yield return named;
        foreach (var derived in sourceRecords.Where(r => DerivesFrom(r, named)))
        {
            yield return derived;
        }
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType.OriginalDefinition))
            {
                return true;
            }
        }
        return false;
    }
}
