using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Suggestions.Storage;

/// <summary>
/// Lets a citizen see "received" for a number in the seconds (or, if processing is stuck, longer) before
/// the proposal is filed. The acknowledgement itself rests on the queue write alone; receipts are written
/// after it, in batches of up to 100 per storage request, so they cost intake almost nothing. Best effort:
/// a receipt lost in a crash only means the status shows once the proposal is filed.
/// </summary>
public interface IReceiptLog
{
    void Record(string trackingNumber, DateTimeOffset receivedAt);

    Task<DateTimeOffset?> FindAsync(string trackingNumber, CancellationToken cancellationToken);
}

public sealed partial class TableReceiptLog(TableServiceClient tables, ILogger<TableReceiptLog> logger) : BackgroundService, IReceiptLog
{
    /// <summary>One partition, so any receipts waiting can go in one batch (a city's rush is far below a partition's limits).</summary>
    private const string Partition = "receipt";
    private const int BatchSize = 100;

    private readonly TableClient _table = tables.GetTableClient(StorageNames.ReceiptsTable);
    private readonly Channel<TableEntity> _pending = Channel.CreateBounded<TableEntity>(
        new BoundedChannelOptions(50_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Record(string trackingNumber, DateTimeOffset receivedAt)
    {
        if (!_pending.Writer.TryWrite(new TableEntity(Partition, trackingNumber) { ["ReceivedAt"] = receivedAt }))
        {
            LogDropped(logger, trackingNumber);
        }
    }

    public async Task<DateTimeOffset?> FindAsync(string trackingNumber, CancellationToken cancellationToken)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, trackingNumber, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetDateTimeOffset("ReceivedAt") : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<TableTransactionAction>(BatchSize);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                await FlushAsync(batch, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: write what is still waiting.
            await FlushAsync(batch, CancellationToken.None);
        }
    }

    private async Task FlushAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && _pending.Reader.TryRead(out var entity))
            {
                batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await _table.SubmitTransactionAsync(batch, cancellationToken);
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException or TableTransactionFailedException)
            {
                LogBatchFailed(logger, batch.Count, e.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receipt for {TrackingNumber} not recorded: too many waiting")]
    private static partial void LogDropped(ILogger logger, string trackingNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} receipts not recorded ({Error}); those proposals show once filed")]
    private static partial void LogBatchFailed(ILogger logger, int count, string error);
}
