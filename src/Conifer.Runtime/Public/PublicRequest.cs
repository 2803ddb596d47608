using System.Collections.Immutable;
using Conifer.App;

namespace Conifer.Runtime.Public;

/// <summary>A request that arrived on the public URL, before the runtime gives it an id and a time.</summary>
public sealed record PublicRequest(string Method, string Path, ImmutableArray<HttpHeader> Headers, ImmutableArray<byte> Body);
