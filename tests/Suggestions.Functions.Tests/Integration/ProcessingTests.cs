using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Suggestions.Admin;
using Suggestions.Classification;
using Suggestions.Queueing;
using Suggestions.Review;
using Suggestions.Storage;
using Suggestions.Tests.Infrastructure;

namespace Suggestions.Tests.Integration;

/// <summary>A classifier that fails while <see cref="Failing"/> is set: stands in for a bug fixed later.</summary>
public sealed class SwitchableClassifier(IProposalClassifier inner) : IProposalClassifier
{
    private volatile bool _failing;
    private int _calls;

    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Answers with scores that are not numbers (a corrupt model file, a training bug).</summary>
    public bool ReturnsNaN { get; set; }

    public string ModelVersion => inner.ModelVersion;

    public ClassificationResult Classify(ProposalText proposal)
    {
        Interlocked.Increment(ref _calls);
        if (Failing)
        {
            throw new InvalidOperationException("classifier broken");
        }

        var result = inner.Classify(proposal);
        return ReturnsNaN
            ? result with { Confidence = double.NaN, Alternatives = [new CategoryScore("transport", double.PositiveInfinity)] }
            : result;
    }
}

public sealed class ProcessingTests : IAsyncLifetime
{
    private readonly AppFactory _app;
    private readonly SwitchableClassifier _classifier = new(new KeywordClassifier(DistrictDetector.ForZhuzhou()));

    public ProcessingTests(AzuriteFixture azurite)
    {
        _app = new AppFactory(azurite.ConnectionString, services: s => s.AddSingleton<IProposalClassifier>(_classifier));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private ISuggestionStore Store => _app.Services.GetRequiredService<ISuggestionStore>();

    private QueueClient RawQueue(string name) =>
        _app.Services.GetRequiredService<IAzureClientFactory<QueueServiceClient>>().CreateClient(StorageClientNames.Raw).GetQueueClient(name);

    private static SuggestionMessage Message(string trackingNumber, string content = "荷塘区月塘街道的老旧小区没有电梯，老人上下楼困难，建议加装电梯。") =>
        new(SuggestionMessage.CurrentVersion, trackingNumber, null, new ProposalPayload(
            "local-open", Channels.Web, DateTimeOffset.UtcNow, "老旧小区加装电梯", content, null, null,
            new ContactDetails("李秀英", "13807331234", null), true));

    [Fact]
    public async Task Processor_ScoresThatAreNotNumbers_FileTheProposalForAPersonToClassify()
    {
        _ = _app.Server;
        _classifier.ReturnsNaN = true;
        try
        {
            var number = TestNumbers.New().Value;
            await _app.Services.GetRequiredService<ISuggestionQueueClient>().EnqueueAsync(Message(number), CancellationToken.None);
            var row = await Eventually.GetAsync(() => Store.GetAsync(number, CancellationToken.None));
            Assert.True(row.NeedsReview);
            Assert.Equal(0, row.Confidence);
            Assert.Empty(row.Alternatives);
        }
        finally
        {
            _classifier.ReturnsNaN = false;
        }
    }

    [Fact]
    public async Task Processor_SameMessageDeliveredThreeTimes_StoresOneRowAndOneIndexEntry()
    {
        _ = _app.Server; // start the app and its listeners
        var number = TestNumbers.New().Value;
        var queue = _app.Services.GetRequiredService<ISuggestionQueueClient>();
        for (var i = 0; i < 3; i++)
        {
            await queue.EnqueueAsync(Message(number), CancellationToken.None);
        }

        var row = await Eventually.GetAsync(() => Store.GetAsync(number, CancellationToken.None));
        await Eventually.GetAsync(async () => await RawQueue(StorageNames.IncomingQueue).PeekMessagesAsync(1) is { Value.Length: 0 } ? "drained" : null);

        var listed = await IntakeTests.ListAll(Store, row.CampaignId, row.Category, row.Status);
        Assert.Single(listed, i => i.TrackingNumber == number);
        Assert.Equal("housing", row.Category);
        Assert.Equal("荷塘区", row.District);
    }

    [Fact]
    public async Task Processor_RedeliveryAfterReview_KeepsStoredRow()
    {
        _ = _app.Server;
        var number = TestNumbers.New().Value;
        var queue = _app.Services.GetRequiredService<ISuggestionQueueClient>();
        await queue.EnqueueAsync(Message(number), CancellationToken.None);
        var first = await Eventually.GetAsync(() => Store.GetAsync(number, CancellationToken.None));

        // A later delivery of the same message with other text must not overwrite what was stored.
        await queue.EnqueueAsync(Message(number, "完全不同的文字，用来检查重复投递不会覆盖已经保存的建议内容。"), CancellationToken.None);
        await Eventually.GetAsync(async () => await RawQueue(StorageNames.IncomingQueue).PeekMessagesAsync(1) is { Value.Length: 0 } ? "drained" : null);
        var after = await Store.GetAsync(number, CancellationToken.None);
        Assert.Equal(first.Content, after!.Content);
        Assert.Equal(first.ETag, after.ETag);
    }

    [Fact]
    public async Task Processor_FailingMessage_GoesToPoisonAfterMaxDequeueCount_ThenReplayStoresIt()
    {
        _ = _app.Server;
        _classifier.Failing = true;
        var number = TestNumbers.New().Value;
        var callsBefore = _classifier.Calls;
        await _app.Services.GetRequiredService<ISuggestionQueueClient>().EnqueueAsync(Message(number), CancellationToken.None);

        var poison = RawQueue(StorageNames.IncomingQueue + StorageNames.PoisonSuffix);
        var poisoned = await Eventually.GetAsync(async () =>
        {
            var peeked = await poison.PeekMessagesAsync(32);
            return peeked.Value.FirstOrDefault(m => Decode(m.Body.ToString()).Contains(number, StringComparison.Ordinal));
        });
        Assert.NotNull(poisoned);
        Assert.Equal(5, _classifier.Calls - callsBefore); // host.json maxDequeueCount
        Assert.Null(await Store.GetAsync(number, CancellationToken.None));

        // After the fix, an admin replays the poison queue and the proposal is filed.
        _classifier.Failing = false;
        using var admin = _app.CreateStaffClient(StaffRoles.Admin);
        var response = await admin.PostAsync($"/api/admin/queues/{StorageNames.IncomingQueue}/replay", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(result.GetProperty("moved").GetInt32() >= 1);

        var row = await Eventually.GetAsync(() => Store.GetAsync(number, CancellationToken.None));
        Assert.Equal(SuggestionStatus.Classified, row.Status);
    }

    [Fact]
    public async Task Processor_MessageThatIsNotBase64_IsMovedToPoisonAtOnce()
    {
        _ = _app.Server;
        var marker = "not base64 " + Guid.NewGuid();
        await RawQueue(StorageNames.IncomingQueue).SendMessageAsync(marker, TestContext.Current.CancellationToken);
        var poison = RawQueue(StorageNames.IncomingQueue + StorageNames.PoisonSuffix);
        var found = await Eventually.GetAsync(async () => (await poison.PeekMessagesAsync(32)).Value.FirstOrDefault(m => m.Body.ToString() == marker));
        Assert.Equal(marker, found.Body.ToString());
    }

    [Fact]
    public async Task Queue_LargeProposal_TravelsByClaimCheckAndIsStoredWhole()
    {
        _ = _app.Server;
        var number = TestNumbers.New().Value;
        // Over the inline limit (a long transcribed letter): the queue carries a pointer to a blob.
        var content = string.Concat(Enumerable.Repeat("株洲市芦淞区服装批发市场周边交通拥堵，建议优化公交线路。", 1000));
        Assert.True(Encoding.UTF8.GetByteCount(content) > SuggestionQueueClient.MaxInlineBytes);
        await _app.Services.GetRequiredService<ISuggestionQueueClient>().EnqueueAsync(Message(number, content), CancellationToken.None);

        var row = await Eventually.GetAsync(() => Store.GetAsync(number, CancellationToken.None));
        Assert.Equal(content, row.Content);
    }

    private static string Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return base64;
        }
    }
}
