using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Suggestions.Storage;

/// <summary>
/// Reads the storage connection the way the Functions host does: <c>AzureWebJobsStorage</c> as a connection
/// string, or the identity-based form <c>AzureWebJobsStorage__queueServiceUri</c> (and table/blob) with
/// <c>__credential=managedidentity</c> and <c>__clientId</c>. Explicit service URIs also work in sovereign
/// clouds (Azure China), where <c>__accountName</c> does not.
/// </summary>
public sealed class StorageConnection
{
    public const string SettingName = "AzureWebJobsStorage";

    private StorageConnection(string? connectionString, Uri? queueUri, Uri? tableUri, Uri? blobUri, TokenCredential? credential)
    {
        ConnectionString = connectionString;
        QueueServiceUri = queueUri;
        TableServiceUri = tableUri;
        BlobServiceUri = blobUri;
        Credential = credential;
    }

    public string? ConnectionString { get; }

    public Uri? QueueServiceUri { get; }

    public Uri? TableServiceUri { get; }

    public Uri? BlobServiceUri { get; }

    public TokenCredential? Credential { get; }

    public static StorageConnection FromConfiguration(IConfiguration configuration, string settingName = SettingName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[settingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new StorageConnection(connectionString, null, null, null, null);
        }

        var section = configuration.GetSection(settingName);
        var queue = section["queueServiceUri"];
        var table = section["tableServiceUri"];
        var blob = section["blobServiceUri"];
        var account = section["accountName"];
        if (queue is null && table is null && blob is null && account is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{settingName}' to a connection string (locally: UseDevelopmentStorage=true) " +
                $"or '{settingName}__queueServiceUri', '__tableServiceUri' and '__blobServiceUri' for an identity-based connection.");
        }

        Uri Service(string? explicitUri, string kind) =>
            new(explicitUri ?? $"https://{account}.{kind}.core.windows.net");

        TokenCredential credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(section["clientId"] is { Length: > 0 } clientId
                ? ManagedIdentityId.FromUserAssignedClientId(clientId)
                : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
        return new StorageConnection(null, Service(queue, "queue"), Service(table, "table"), Service(blob, "blob"), credential);
    }

    /// <summary>True for the emulator's well-known account, which local mode may start itself.</summary>
    public bool IsDevelopmentStorage =>
        ConnectionString is { } cs
        && (cs.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            || cs.Contains("AccountName=devstoreaccount1", StringComparison.OrdinalIgnoreCase));

    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions options) =>
        ConnectionString is not null
            ? new QueueServiceClient(ConnectionString, options)
            : new QueueServiceClient(QueueServiceUri!, Credential!, options);

    public TableServiceClient CreateTableServiceClient(TableClientOptions options) =>
        ConnectionString is not null
            ? new TableServiceClient(ConnectionString, options)
            : new TableServiceClient(TableServiceUri!, Credential!, options);

    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions options) =>
        ConnectionString is not null
            ? new BlobServiceClient(ConnectionString, options)
            : new BlobServiceClient(BlobServiceUri!, Credential!, options);
}
