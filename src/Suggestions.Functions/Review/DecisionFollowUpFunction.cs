using Microsoft.Azure.Functions.Worker;
using Suggestions.Storage;

namespace Suggestions.Review;

/// <summary>Queue trigger: a reviewer decision's follow-up rows, written again (<see cref="DecisionFollowUp"/>).</summary>
public sealed class DecisionFollowUpFunction(DecisionFollowUp followUp)
{
    [Function(nameof(CompleteDecision))]
    public Task CompleteDecision(
        [QueueTrigger(StorageNames.DecisionFollowUpQueue)] string message,
        CancellationToken cancellationToken) =>
        followUp.CompleteAsync(message, cancellationToken);
}
