using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Suggestions.Storage;
using Suggestions.Tests.Infrastructure;
using Suggestions.Tracking;

namespace Suggestions.Tests.Integration;

/// <summary>Between the 202 and the filing, the public status says "received" — on every instance.</summary>
public sealed class ReceivedStatusTests(AzuriteFixture azurite)
{
    private const string DisabledSetting = "AzureWebJobs.ProcessSuggestion.Disabled";

    [Fact]
    public async Task Status_AcknowledgedButNotYetFiled_ShowsReceived_OnAnotherInstanceToo()
    {
        await using var first = StartWithoutProcessing();
        await using var second = StartWithoutProcessing();
        using var client = first.CreateClient();
        var response = await client.PostAsJsonAsync("/api/suggestions", new { title = "夜间公交", content = "建议开通芦淞服装市场到火车站的夜班公交，方便商户晚上回家。" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var statusUrl = response.Headers.Location!.PathAndQuery;
        var key = statusUrl[(statusUrl.LastIndexOf('/') + 1)..];

        // Straight away, from the instance that answered and from another one that never saw the proposal.
        foreach (var app in new[] { first, second })
        {
            using var lookup = await app.CreateClient().GetAsync(statusUrl, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
            var body = JsonDocument.Parse(await lookup.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            Assert.Equal("received", body.GetProperty("status").GetString());
            Assert.Equal(Tracking.TrackingNumber.ToDisplay(key), body.GetProperty("trackingNumber").GetString());
            Assert.False(body.TryGetProperty("category", out _));
        }

        Assert.Null(await first.Services.GetRequiredService<ISuggestionStore>().GetAsync(key, CancellationToken.None));

        // A well-formed number this service never issued (a double typo past the check character, a guess) is not "received".
        using var unknown = await client.GetAsync($"/api/suggestions/{TestNumbers.New().Display}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // Leave no unprocessed message behind for the next test class.
        var queue = first.Services.GetRequiredService<IAzureClientFactory<QueueServiceClient>>().CreateClient(StorageClientNames.Raw).GetQueueClient(StorageNames.IncomingQueue);
        await queue.ClearMessagesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SealKey_CreatedOnceInStorage_InstancesRacingForItAgree()
    {
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var name = $"test-seal-{Guid.NewGuid():N}.key";
        var sources = Enumerable.Range(0, 4).Select(_ => NewSource(blobs, name, new ConfigurationBuilder().Build())).ToArray();
        try
        {
            var seals = await Task.WhenAll(sources.Select(s => s.GetAsync(TestContext.Current.CancellationToken).AsTask()));
            var number = seals[0].NewNumber();
            Assert.All(seals, seal => Assert.True(seal.Sealed(number)));

            // A restart (a fresh source) reads the same key back.
            using var restarted = NewSource(blobs, name, new ConfigurationBuilder().Build());
            Assert.True((await restarted.GetAsync(TestContext.Current.CancellationToken)).Sealed(number));
            var stored = await blobs.GetBlobContainerClient(StorageNames.KeysContainer).GetBlobClient(name).DownloadContentAsync(TestContext.Current.CancellationToken);
            Assert.Equal(32, stored.Value.Content.ToArray().Length);
        }
        finally
        {
            foreach (var source in sources)
            {
                source.Dispose();
            }
        }
    }

    [Fact]
    public async Task SealKey_FromConfiguration_WinsOverStorage()
    {
        var key = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Tracking:SealKey"] = Convert.ToBase64String(key) }).Build();
        var name = $"test-seal-{Guid.NewGuid():N}.key";
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        using var source = NewSource(blobs, name, configuration);
        var seal = await source.GetAsync(TestContext.Current.CancellationToken);
        Assert.True(new TrackingSeal(key).Sealed(seal.NewNumber()));
        Assert.False(await blobs.GetBlobContainerClient(StorageNames.KeysContainer).GetBlobClient(name).ExistsAsync(TestContext.Current.CancellationToken));
    }

    private static TrackingSealSource NewSource(BlobServiceClient blobs, string name, IConfiguration configuration) =>
        new(blobs, configuration, NullLogger<TrackingSealSource>.Instance) { BlobName = name };

    private AppFactory StartWithoutProcessing()
    {
        // Processing switched off the way the host does it (read when the app starts, so set it around start-up).
        Environment.SetEnvironmentVariable(DisabledSetting, "true");
        var app = new AppFactory(azurite.ConnectionString);
        try
        {
            _ = app.Server;
        }
        finally
        {
            Environment.SetEnvironmentVariable(DisabledSetting, null);
        }

        return app;
    }
}
