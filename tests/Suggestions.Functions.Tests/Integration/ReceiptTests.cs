using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
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

        // The receipt reaches the table (in its batch), so another instance, with nothing in memory, finds it too.
        var tables = new TableServiceClient(azurite.ConnectionString);
        var row = await Eventually.GetAsync(async () =>
        {
            var found = await tables.GetTableClient(StorageNames.ReceiptsTable).GetEntityIfExistsAsync<TableEntity>(TableReceiptLog.PartitionOf(key), key);
            return found.HasValue ? found.Value : null;
        });
        var otherInstance = new TableReceiptLog(tables, Options.Create(new ReceiptOptions()), TimeProvider.System, NullLogger<TableReceiptLog>.Instance);
        Assert.Equal(row!.GetDateTimeOffset("ReceivedAt"), await otherInstance.FindAsync(key, CancellationToken.None));
        Assert.Equal(body.GetProperty("receivedAt").GetDateTimeOffset(), row.GetDateTimeOffset("ReceivedAt"));

        // Leave no unprocessed message behind for the next test class.
        var queue = app.Services.GetRequiredService<IAzureClientFactory<QueueServiceClient>>().CreateClient(StorageClientNames.Raw).GetQueueClient(StorageNames.IncomingQueue);
        await queue.ClearMessagesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ReceiptLog_WritesEveryReceiptInPartitionBatches_AndFlushesOnStop()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.ReceiptsTable, TestContext.Current.CancellationToken);
        var log = new TableReceiptLog(tables, Options.Create(new ReceiptOptions { FlushInterval = TimeSpan.FromSeconds(30) }), TimeProvider.System, NullLogger<TableReceiptLog>.Instance);
        await log.StartAsync(TestContext.Current.CancellationToken);

        // 250 numbers: more than one batch (100) in some partitions, and every partition touched.
        var receivedAt = new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);
        var numbers = Enumerable.Range(0, 250).Select(_ => Suggestions.Tracking.TrackingNumber.NewNumber().Value).ToList();
        // ...and 120 more sharing one partition (same first character), so that partition needs two batches.
        numbers.AddRange(Enumerable.Range(0, 120).Select(i => numbers[0][0] + i.ToString("D11", System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var n in numbers)
        {
            log.Record(n, receivedAt);
        }

        log.Record(numbers[0], receivedAt); // an idempotent retry records the same number again

        // Answered from memory before the (deliberately late) flush...
        Assert.Equal(receivedAt, await log.FindAsync(numbers[^1], TestContext.Current.CancellationToken));

        // ...and stopping writes everything still waiting.
        await log.StopAsync(TestContext.Current.CancellationToken);
        var fresh = new TableReceiptLog(tables, Options.Create(new ReceiptOptions()), TimeProvider.System, NullLogger<TableReceiptLog>.Instance);
        foreach (var n in numbers)
        {
            Assert.Equal(receivedAt, await fresh.FindAsync(n, TestContext.Current.CancellationToken));
        }

        Assert.Null(await fresh.FindAsync(Suggestions.Tracking.TrackingNumber.NewNumber().Value, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReceiptLog_BeyondMaxPending_DropsNewReceipts_SoMemoryStaysBounded()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.ReceiptsTable, TestContext.Current.CancellationToken);
        var log = new TableReceiptLog(tables, Options.Create(new ReceiptOptions { FlushInterval = TimeSpan.FromMinutes(5), MaxPending = 2 }), TimeProvider.System, NullLogger<TableReceiptLog>.Instance);
        var numbers = Enumerable.Range(0, 3).Select(_ => Suggestions.Tracking.TrackingNumber.NewNumber().Value).ToArray();
        var at = DateTimeOffset.UtcNow;
        log.Record(numbers[0], at);
        log.Record(numbers[0], at); // the same number again does not count twice
        log.Record(numbers[1], at);
        log.Record(numbers[2], at); // over the bound: dropped (logged)

        Assert.Equal(at, await log.FindAsync(numbers[0], TestContext.Current.CancellationToken));
        Assert.Equal(at, await log.FindAsync(numbers[1], TestContext.Current.CancellationToken));
        Assert.Null(await log.FindAsync(numbers[2], TestContext.Current.CancellationToken));
    }
}
