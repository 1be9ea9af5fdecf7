using Azure;

namespace Suggestions.Storage;

/// <summary>Recognises the failures that mean "storage is unreachable or overloaded right now".</summary>
public static class StorageFailures
{
    public static bool IsTransient(Exception exception, CancellationToken requestAborted) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true,
        // Queue or table missing: storage was wiped or never initialised; the initializer is on it.
        RequestFailedException { Status: 404 } => true,
        HttpRequestException or TimeoutException or IOException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(e => IsTransient(e, requestAborted)),
        OperationCanceledException => !requestAborted.IsCancellationRequested,
        _ => false,
    };
}
