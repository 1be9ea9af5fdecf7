using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Suggestions.Hosting.Local;

/// <summary>
/// Drives one queue-triggered function with the semantics of the Functions host's queue listener:
/// batches of <c>batchSize</c>, a new batch once in-flight work drops to <c>newBatchThreshold</c>,
/// randomized exponential back-off up to <c>maxPollingInterval</c> while the queue is empty, the message
/// kept invisible while it runs, released after a failure with <c>visibilityTimeout</c>, and copied to
/// <c>&lt;queue&gt;-poison</c> once it has failed <c>maxDequeueCount</c> times (or cannot be decoded).
/// </summary>
public sealed partial class QueueTriggerListener(
    FunctionInvoker function,
    QueueClient queue,
    QueueClient poisonQueue,
    QueueTriggerSettings settings,
    IServiceScopeFactory scopes,
    ILogger<QueueTriggerListener> logger) : BackgroundService
{
    /// <summary>How long a received message stays invisible while it runs; renewed halfway.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    public string FunctionName => function.Metadata.Name;

    public string QueueName => queue.Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inFlight = new List<Task>();
        var delay = MinimumPollingInterval;
        await EnsureQueuesAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count > settings.NewBatchThreshold)
            {
                await Task.WhenAny(inFlight);
                continue;
            }

            QueueMessage[] batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(settings.BatchSize, Lease, stoppingToken)).Value;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(logger, QueueName, e.GetType().Name);
                batch = [];
            }

            if (batch.Length == 0)
            {
                await Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }

            delay = MinimumPollingInterval;
            foreach (var message in batch)
            {
                inFlight.Add(Task.Run(() => ProcessAsync(message, stoppingToken), CancellationToken.None));
            }
        }

        await Task.WhenAll(inFlight);
    }

    private async Task EnsureQueuesAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                await poisonQueue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(logger, QueueName, e.GetType().Name);
                await Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks + TimeSpan.TicksPerSecond));
            }
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        var receipt = message.PopReceipt;
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                // Already failed often enough, e.g. it crashed the process each time it ran.
                await MoveToPoisonAsync(message, receipt, "dequeue count exceeded before processing");
                return;
            }

            var text = Decode(message);
            if (text is null)
            {
                await MoveToPoisonAsync(message, receipt, "message is not valid base64");
                return;
            }

            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var renewing = RenewLeaseAsync(message, r => receipt = r, () => receipt, renewal.Token);
            Exception? failure = null;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await function.InvokeAsync(new InvocationInput(scope.ServiceProvider, stoppingToken, QueueMessageText: text, QueueMessage: message));
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                await renewal.CancelAsync();
                await renewing;
            }

            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, receipt, CancellationToken.None);
                return;
            }

            if (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: hand the message back at once instead of counting it as a failure.
                await queue.UpdateMessageAsync(message.MessageId, receipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
                return;
            }

            LogInvocationFailed(logger, failure, FunctionName, message.MessageId, message.DequeueCount);
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, receipt, $"failed {message.DequeueCount} times");
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, receipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            // Storage trouble while settling the message: it becomes visible again when its lease ends.
            LogSettleFailed(logger, QueueName, message.MessageId, e.GetType().Name);
        }
    }

    private string? Decode(QueueMessage message)
    {
        var raw = message.Body.ToString();
        if (!settings.Base64Encoding)
        {
            return raw;
        }

        var buffer = new byte[raw.Length];
        return Convert.TryFromBase64String(raw, buffer, out var written)
            ? new UTF8Encoding(false).GetString(buffer, 0, written)
            : null;
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string receipt, string reason)
    {
        // The original text, unchanged, as the host copies it; the replay command moves it back as is.
        await poisonQueue.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
        await queue.DeleteMessageAsync(message.MessageId, receipt, CancellationToken.None);
        LogPoisoned(logger, message.MessageId, QueueName, poisonQueue.Name, reason);
    }

    private async Task RenewLeaseAsync(QueueMessage message, Action<string> setReceipt, Func<string> getReceipt, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Lease / 2, cancellationToken);
                var updated = await queue.UpdateMessageAsync(message.MessageId, getReceipt(), visibilityTimeout: Lease, cancellationToken: cancellationToken);
                setReceipt(updated.Value.PopReceipt);
            }
        }
        catch (OperationCanceledException)
        {
            // The invocation ended.
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        // Jitter, as the host's randomized back-off, so several instances don't poll in lockstep.
        var jittered = TimeSpan.FromTicks((long)(delay.Ticks * (0.8 + (Random.Shared.NextDouble() * 0.4))));
        try
        {
            await Task.Delay(jittered, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue {Queue} failed ({Error}); backing off")]
    private static partial void LogPollFailed(ILogger logger, string queue, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function} failed for message {MessageId} (delivery {DequeueCount})")]
    private static partial void LogInvocationFailed(ILogger logger, Exception exception, string function, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} moved from {Queue} to {PoisonQueue}: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string queue, string poisonQueue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle message {MessageId} on {Queue} ({Error}); it reappears after its lease")]
    private static partial void LogSettleFailed(ILogger logger, string queue, string messageId, string error);
}
