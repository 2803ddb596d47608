namespace Conifer.Runtime.Log;

/// <summary>
/// The payload of a set-state record (admin <c>PUT /api/state</c>, <c>state import</c>): the new
/// state is a content-addressed blob, like a deploy's, so a state of any size fits in a record.
/// </summary>
/// <param name="StateBlob">The blob holding the state document.</param>
public sealed record SetStateRecord(string StateBlob);
