using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Logging;
using Suggestions.Storage;

namespace Suggestions.Admin;

public sealed record ReplayResult(string Queue, int Moved);

/// <summary>
/// Moves messages from <c>&lt;queue&gt;-poison</c> back to the queue once the cause is fixed. Each message
/// is re-sent before it is deleted from the poison queue, so a crash can duplicate but never lose one;
/// processing is idempotent per tracking number.
/// </summary>
public sealed partial class PoisonReplay(IAzureClientFactory<QueueServiceClient> queues, ILogger<PoisonReplay> logger)
{
    /// <summary>Queues whose poison messages may be replayed.</summary>
    public static IReadOnlyList<string> ReplayableQueues { get; } = [StorageNames.IncomingQueue, StorageNames.DecisionFollowUpQueue];

    public async Task<int> ReplayAsync(string queueName, int maxMessages, CancellationToken cancellationToken)
    {
        // Raw clients on both sides: the poison copy holds the original (base64) text, moved byte for byte.
        var service = queues.CreateClient(StorageClientNames.Raw);
        var poison = service.GetQueueClient(queueName + StorageNames.PoisonSuffix);
        var target = service.GetQueueClient(queueName);
        var moved = 0;
        while (moved < maxMessages)
        {
            var batch = await poison.ReceiveMessagesAsync(Math.Min(32, maxMessages - moved), TimeSpan.FromMinutes(1), cancellationToken);
            if (batch.Value.Length == 0)
            {
                break;
            }

            foreach (var message in batch.Value)
            {
                await target.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                moved++;
            }
        }

        LogReplayed(logger, moved, queueName);
        return moved;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replayed {Count} poison messages back to {Queue}")]
    private static partial void LogReplayed(ILogger logger, int count, string queue);
}
