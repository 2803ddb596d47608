namespace Conifer.Store.Log;

/// <summary>The first thing wrong in a segment: where, which record was expected, what was found.</summary>
internal sealed record ScanFault(long Offset, long ExpectedSequence, string Problem, ulong? ExpectedChecksum, ulong? ActualChecksum);
