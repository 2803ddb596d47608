namespace Conifer.App;

/// <summary>One HTTP header line. Requests keep headers in the order the client sent them.</summary>
public sealed record HttpHeader(string Name, string Value);
