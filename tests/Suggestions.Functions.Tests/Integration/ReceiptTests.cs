using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Suggestions.Storage;
using Suggestions.Tests.Infrastructure;

namespace Suggestions.Tests.Integration;

/// <summary>Between the 202 and the filing, the public status says "received".</summary>
public sealed class ReceiptTests(AzuriteFixture azurite)
{
    private const string DisabledSetting = "AzureWebJobs.ProcessSuggestion.Disabled";

    [Fact]
    public async Task Status_AcknowledgedButNotYetFiled_ShowsReceived()
    {
        // Processing switched off the way the host does it (read when the app starts, so set it around start-up).
        Environment.SetEnvironmentVariable(DisabledSetting, "true");
        await using var app = new AppFactory(azurite.ConnectionString);
        try
        {
            _ = app.Server;
        }
        finally
        {
            Environment.SetEnvironmentVariable(DisabledSetting, null);
        }

        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/suggestions", new { title = "夜间公交", content = "建议开通芦淞服装市场到火车站的夜班公交，方便商户晚上回家。" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var statusUrl = response.Headers.Location!.PathAndQuery;

        var status = await Eventually.GetAsync(async () =>
        {
            using var lookup = await client.GetAsync(statusUrl);
            return lookup.StatusCode == HttpStatusCode.OK ? await lookup.Content.ReadAsStringAsync() : null;
        });
        var body = JsonDocument.Parse(status).RootElement;
        Assert.Equal("received", body.GetProperty("status").GetString());
        Assert.False(body.TryGetProperty("category", out _));
        var key = statusUrl[(statusUrl.LastIndexOf('/') + 1)..];
        Assert.Null(await app.Services.GetRequiredService<ISuggestionStore>().GetAsync(key, CancellationToken.None));

        // Leave no unprocessed message behind for the next test class.
        var queue = app.Services.GetRequiredService<IAzureClientFactory<QueueServiceClient>>().CreateClient(StorageClientNames.Raw).GetQueueClient(StorageNames.IncomingQueue);
        await queue.ClearMessagesAsync(TestContext.Current.CancellationToken);
    }
}
