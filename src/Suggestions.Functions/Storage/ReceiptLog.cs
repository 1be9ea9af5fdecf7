using System.Collections.Concurrent;
using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Suggestions.Storage;

/// <summary>
/// Lets a citizen see "received" for a number between the 202 and the filing (normally a second or two,
/// longer when processing lags behind a rush). The acknowledgement rests on the queue write alone;
/// receipts follow it in batches, so intake keeps close to the raw queue's throughput. Best effort: a
/// receipt lost in a crash only means the status appears once the proposal is filed.
/// </summary>
public interface IReceiptLog
{
    /// <summary>Records that the number was acknowledged (after its queue write succeeded).</summary>
    void Record(string trackingNumber, DateTimeOffset receivedAt);

    /// <summary>When the number was acknowledged, or null when no receipt is known.</summary>
    Task<DateTimeOffset?> FindAsync(string trackingNumber, CancellationToken cancellationToken);
}

public sealed class ReceiptOptions
{
    /// <summary>False: no receipts are written; the status shows a proposal once it is filed.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long receipts gather before a flush: longer means fuller batches (each batch request costs the
    /// emulator about as much as a single write, so small batches would halve intake under Azurite), and
    /// a later table write — until then the instance that gave the 202 answers from memory.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Receipts waiting beyond this are dropped (logged): memory stays bounded if the table is down.</summary>
    public int MaxPending { get; set; } = 100_000;
}

/// <summary>
/// Table <c>Receipts</c>: partition = the number's first character (32 partitions, so a flush needs at most
/// 32 batch requests and no partition grows large), row = the number. Until a receipt's batch is written,
/// this instance answers from memory, so the instance that gave the 202 can show "received" at once.
/// </summary>
public sealed partial class TableReceiptLog(TableServiceClient tables, IOptions<ReceiptOptions> options, TimeProvider time, ILogger<TableReceiptLog> logger)
    : BackgroundService, IReceiptLog
{
    private const int MaxBatch = 100;
    private const int MaxConcurrentBatches = 8;
    private const int MaxAttempts = 3;

    private readonly TableClient _table = tables.GetTableClient(StorageNames.ReceiptsTable);
    private readonly ReceiptOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unwritten = new(StringComparer.Ordinal);
    private int _unwrittenCount; // ConcurrentDictionary.Count takes every lock: too dear on each request
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    private readonly record struct Pending(string TrackingNumber, DateTimeOffset ReceivedAt, int Attempt);

    /// <summary>The partition of a number's receipt.</summary>
    public static string PartitionOf(string trackingNumber) => "r" + trackingNumber[0];

    public void Record(string trackingNumber, DateTimeOffset receivedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(trackingNumber);
        if (!_options.Enabled)
        {
            return;
        }

        if (Volatile.Read(ref _unwrittenCount) >= _options.MaxPending)
        {
            LogDropped(logger, trackingNumber);
            return;
        }

        if (_unwritten.TryAdd(trackingNumber, receivedAt))
        {
            Interlocked.Increment(ref _unwrittenCount);
        }
        _pending.Writer.TryWrite(new Pending(trackingNumber, receivedAt, 1));
    }

    public async Task<DateTimeOffset?> FindAsync(string trackingNumber, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(trackingNumber);
        if (_unwritten.TryGetValue(trackingNumber, out var receivedAt))
        {
            return receivedAt;
        }

        var found = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(trackingNumber), trackingNumber, ["ReceivedAt"], cancellationToken);
        return found.HasValue ? found.Value!.GetDateTimeOffset("ReceivedAt") : null;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Ends when StopAsync completes the channel and everything in it has been written.
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                // Let the receipts of the next moment gather, so batches are full in a rush.
                await Task.Delay(_options.FlushInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await FlushAsync(reader);
        }
    }

    private async Task FlushAsync(ChannelReader<Pending> reader)
    {
        var byPartition = new Dictionary<string, Dictionary<string, Pending>>(StringComparer.Ordinal);
        while (reader.TryRead(out var item))
        {
            var partition = PartitionOf(item.TrackingNumber);
            if (!byPartition.TryGetValue(partition, out var rows))
            {
                byPartition[partition] = rows = new Dictionary<string, Pending>(StringComparer.Ordinal);
            }

            rows[item.TrackingNumber] = item; // a number recorded twice (an idempotent retry) is written once
        }

        var batches = byPartition.Values.SelectMany(rows => rows.Values.Chunk(MaxBatch));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentBatches }, async (batch, _) =>
        {
            await WriteAsync(batch);
        });
    }

    private async Task WriteAsync(Pending[] batch)
    {
        var actions = batch.Select(p => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new TableEntity(PartitionOf(p.TrackingNumber), p.TrackingNumber) { ["ReceivedAt"] = p.ReceivedAt })).ToList();
        try
        {
            await _table.SubmitTransactionAsync(actions, CancellationToken.None);
            foreach (var p in batch)
            {
                Forget(p);
            }
        }
        catch (Exception e) when (e is RequestFailedException or TableTransactionFailedException or HttpRequestException or TimeoutException or AggregateException)
        {
            foreach (var p in batch)
            {
                if (p.Attempt < MaxAttempts && _pending.Writer.TryWrite(p with { Attempt = p.Attempt + 1 }))
                {
                    continue;
                }

                Forget(p);
                LogNotWritten(logger, p.TrackingNumber, e.GetType().Name);
            }
        }
    }

    private void Forget(Pending p)
    {
        if (_unwritten.TryRemove(new KeyValuePair<string, DateTimeOffset>(p.TrackingNumber, p.ReceivedAt)))
        {
            Interlocked.Decrement(ref _unwrittenCount);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receipt for {TrackingNumber} not recorded: too many waiting")]
    private static partial void LogDropped(ILogger logger, string trackingNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receipt for {TrackingNumber} not written ({Error}); the proposal shows once filed")]
    private static partial void LogNotWritten(ILogger logger, string trackingNumber, string error);
}
