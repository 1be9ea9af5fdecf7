using Microsoft.Azure.Functions.Worker;
using Suggestions.Storage;

namespace Suggestions.Processing;

/// <summary>Queue trigger: every channel's proposals, one message each.</summary>
public sealed class SuggestionProcessor(ProcessingService processing)
{
    [Function(nameof(ProcessSuggestion))]
    public Task ProcessSuggestion(
        [QueueTrigger(StorageNames.IncomingQueue)] string message,
        CancellationToken cancellationToken) =>
        processing.ProcessAsync(message, cancellationToken);
}
