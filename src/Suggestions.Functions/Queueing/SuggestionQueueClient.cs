using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Suggestions.Storage;

namespace Suggestions.Queueing;

/// <summary>Puts proposals on the intake queue and reads them back (claim-check aware).</summary>
public interface ISuggestionQueueClient
{
    /// <summary>Returns only once the message is durably stored.</summary>
    Task EnqueueAsync(SuggestionMessage message, CancellationToken cancellationToken);

    /// <summary>Reads a message body as delivered by the queue trigger; follows a claim-check to its blob.</summary>
    Task<SuggestionMessage> ReadAsync(string body, CancellationToken cancellationToken);
}

public sealed class SuggestionQueueClient(IAzureClientFactory<QueueServiceClient> queues, BlobServiceClient blobs) : ISuggestionQueueClient
{
    /// <summary>A queue message is at most 64 KiB; base64 leaves 48 KiB of payload. Keep a margin.</summary>
    public const int MaxInlineBytes = 45 * 1024;

    private readonly QueueClient _queue = queues.CreateClient(StorageClientNames.Base64).GetQueueClient(StorageNames.IncomingQueue);
    private readonly BlobContainerClient _claims = blobs.GetBlobContainerClient(StorageNames.ClaimCheckContainer);

    public async Task EnqueueAsync(SuggestionMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, QueueJsonContext.Default.SuggestionMessage);
        if (bytes.Length > MaxInlineBytes)
        {
            // Claim-check: the full message goes to a blob named after the tracking number (idempotent on retry).
            var blobName = $"{message.TrackingNumber}.json";
            await _claims.GetBlobClient(blobName).UploadAsync(new BinaryData(bytes), overwrite: true, cancellationToken);
            message = message with { ClaimCheck = blobName, Proposal = null };
            bytes = JsonSerializer.SerializeToUtf8Bytes(message, QueueJsonContext.Default.SuggestionMessage);
        }

        // The client is configured with base64 encoding: what the Functions queue trigger expects.
        await _queue.SendMessageAsync(new BinaryData(bytes), cancellationToken: cancellationToken);
    }

    public async Task<SuggestionMessage> ReadAsync(string body, CancellationToken cancellationToken)
    {
        var message = Deserialize(body);
        if (message.ClaimCheck is null)
        {
            return message;
        }

        var content = await _claims.GetBlobClient(message.ClaimCheck).DownloadContentAsync(cancellationToken);
        var full = JsonSerializer.Deserialize(content.Value.Content, QueueJsonContext.Default.SuggestionMessage)
            ?? throw new InvalidDataException($"Claim-check blob {message.ClaimCheck} is empty.");
        return Check(full);
    }

    public static SuggestionMessage Deserialize(string body) =>
        Check(JsonSerializer.Deserialize(body, QueueJsonContext.Default.SuggestionMessage)
            ?? throw new InvalidDataException("Empty queue message."));

    private static SuggestionMessage Check(SuggestionMessage message)
    {
        if (message.SchemaVersion != SuggestionMessage.CurrentVersion)
        {
            throw new InvalidDataException($"Unsupported message schema version {message.SchemaVersion}.");
        }

        if (message.ClaimCheck is null && message.Proposal is null)
        {
            throw new InvalidDataException("Message carries neither a proposal nor a claim-check.");
        }

        return message;
    }
}
