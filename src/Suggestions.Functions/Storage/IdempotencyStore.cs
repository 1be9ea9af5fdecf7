using Azure;
using Azure.Data.Tables;

namespace Suggestions.Storage;

/// <summary>What an Idempotency-Key was first used for.</summary>
public sealed record IdempotencyRecord(string KeyHash, string RequestHash, string TrackingNumber, DateTimeOffset ReceivedAt, bool Queued, string? ETag);

/// <summary>Remembers Idempotency-Key headers so a retried submission gets the same tracking number.</summary>
public interface IIdempotencyStore
{
    Task<IdempotencyRecord?> GetAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>Claims the key; false when another request claimed it first.</summary>
    Task<bool> TryAddAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>Takes over an expired key; false when it changed since it was read.</summary>
    Task<bool> TryReplaceAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    Task MarkQueuedAsync(IdempotencyRecord record, CancellationToken cancellationToken);
}

public sealed class TableIdempotencyStore(TableServiceClient tables) : IIdempotencyStore
{
    private const string RowKey = "key";
    private readonly TableClient _table = tables.GetTableClient(StorageNames.IdempotencyTable);

    public async Task<IdempotencyRecord?> GetAsync(string keyHash, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(keyHash, RowKey, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        return new IdempotencyRecord(
            keyHash,
            e.GetString("RequestHash"),
            e.GetString("TrackingNumber"),
            e.GetDateTimeOffset("ReceivedAt") ?? default,
            e.GetBoolean("Queued") ?? false,
            e.ETag.ToString());
    }

    public async Task<bool> TryAddAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await _table.AddEntityAsync(ToEntity(record), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> TryReplaceAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await _table.UpdateEntityAsync(ToEntity(record), new ETag(record.ETag!), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public Task MarkQueuedAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _table.UpsertEntityAsync(ToEntity(record with { Queued = true }), TableUpdateMode.Merge, cancellationToken);
    }

    private static TableEntity ToEntity(IdempotencyRecord r) => new(r.KeyHash, RowKey)
    {
        ["RequestHash"] = r.RequestHash,
        ["TrackingNumber"] = r.TrackingNumber,
        ["ReceivedAt"] = r.ReceivedAt,
        ["Queued"] = r.Queued,
    };
}
