namespace Conifer.Store.Exceptions;

/// <summary>
/// This process is no longer the store's writer: a newer writer took over (its epoch is current), or this one could
/// not renew its lease in time. Nothing it appends is accepted any more, and nothing it holds may be served.
/// </summary>
public sealed class StoreFencedException(string message, Exception? cause = null) : StoreFailedException(message, cause ?? new InvalidOperationException(message));
