using System.Collections.Immutable;

namespace Conifer.Values.Tests.Mapping;

public sealed record Member(string Name, ImmutableArray<Role> Roles, int Age);

public sealed record Org(ImmutableDictionary<string, Member> Users);

public sealed record Contact(string Name, string? Email, int? Age);

public sealed record Big(ulong Count);

public sealed record Stamp(Guid Id, DateTimeOffset At);
