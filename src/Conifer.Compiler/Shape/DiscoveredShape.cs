using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Conifer.Compiler.Shape;

/// <summary>The shape found in a compilation, with the symbols the rules walk from.</summary>
/// <param name="Shape">The shape, or <c>null</c> when a shape diagnostic was reported.</param>
/// <param name="StateType">The app's <c>TState</c>, when one app type was found.</param>
/// <param name="StateTypeRoots">Every type that must be a state type, with where to report problems at its root and its path name.</param>
internal sealed record DiscoveredShape(AppShape? Shape, ITypeSymbol? StateType, ImmutableArray<StateTypeRoot> StateTypeRoots);
