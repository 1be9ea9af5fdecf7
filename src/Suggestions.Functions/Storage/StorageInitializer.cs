using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Suggestions.Tracking;

namespace Suggestions.Storage;

/// <summary>
/// Creates the queues, tables and containers on start, and loads the tracking seal key. It retries in the background instead of failing
/// start-up: while storage is down the app still answers, with 503 on /api/health and on intake.
/// </summary>
public sealed partial class StorageInitializer(
    IAzureClientFactory<QueueServiceClient> queues,
    TableServiceClient tables,
    BlobServiceClient blobs,
    ITrackingSealSource seals,
    ILogger<StorageInitializer> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once everything exists.</summary>
    public Task Ready => _ready.Task;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var queueService = queues.CreateClient(StorageClientNames.Raw);
        foreach (var queue in StorageNames.Queues)
        {
            await queueService.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        foreach (var table in StorageNames.Tables)
        {
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }

        await blobs.GetBlobContainerClient(StorageNames.ClaimCheckContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        // Loaded now so that the first citizen does not wait for it.
        await seals.GetAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureCreatedAsync(stoppingToken);
                LogReady(logger);
                _ready.TrySetResult();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogRetry(logger, delay.TotalSeconds, e.GetType().Name);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage queues, tables and containers are ready")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage not reachable ({Error}); retrying in {Seconds}s")]
    private static partial void LogRetry(ILogger logger, double seconds, string error);
}
