using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Suggestions.Storage;

namespace Suggestions.Tracking;

/// <summary>Where every instance gets the same <see cref="TrackingSeal"/>.</summary>
public interface ITrackingSealSource
{
    ValueTask<TrackingSeal> GetAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The seal key from configuration (<c>Tracking:SealKey</c>, base64) when set; otherwise from blob
/// <c>app-keys/tracking-seal.key</c> in the app's own storage account, created with a random key by whichever
/// instance first needs it (a conditional create, so racing instances end up with the same key). Every
/// instance and every restart thus seals and recognises alike, with nothing to configure. Anyone who can read
/// the account can read the key — and could read the proposals themselves, so it guards nothing more.
/// Changing the key only makes numbers acknowledged but not yet filed answer 404 until they are filed.
/// </summary>
public sealed partial class TrackingSealSource(BlobServiceClient blobs, IConfiguration configuration, ILogger<TrackingSealSource> logger) : ITrackingSealSource, IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private TrackingSeal? _seal;

    /// <summary>The key blob's name in container <c>app-keys</c> (another one keeps test runs apart).</summary>
    public string BlobName { get; init; } = StorageNames.TrackingSealBlob;

    public async ValueTask<TrackingSeal> GetAsync(CancellationToken cancellationToken)
    {
        if (_seal is { } seal)
        {
            return seal;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _seal ??= await LoadAsync(cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    private async Task<TrackingSeal> LoadAsync(CancellationToken cancellationToken)
    {
        if (configuration["Tracking:SealKey"] is { Length: > 0 } configured)
        {
            return new TrackingSeal(Convert.FromBase64String(configured));
        }

        var container = blobs.GetBlobContainerClient(StorageNames.KeysContainer);
        var blob = container.GetBlobClient(BlobName);
        if (await TryReadAsync(blob, cancellationToken) is { } existing)
        {
            return new TrackingSeal(existing);
        }

        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        try
        {
            var key = RandomNumberGenerator.GetBytes(32);
            await blob.UploadAsync(BinaryData.FromBytes(key), new BlobUploadOptions { Conditions = new() { IfNoneMatch = ETag.All } }, cancellationToken);
            LogCreated(logger);
            return new TrackingSeal(key);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another instance created it first: use theirs.
            return new TrackingSeal(await TryReadAsync(blob, cancellationToken) ?? throw new InvalidOperationException("The tracking seal key vanished while being created."));
        }
    }

    private static async Task<byte[]?> TryReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the tracking seal key in storage")]
    private static partial void LogCreated(ILogger logger);
}
